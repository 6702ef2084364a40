using System.Collections.Concurrent;
using System.Text;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>
/// The operator's chart rendered by the real helm (<see cref="HelmProcess"/>): <c>helm template</c> with values.yaml
/// merged with overrides, exactly as an install renders it (values.schema.json and the chart's <c>fail</c> guards
/// included). Results are cached per release name, namespace and overrides, because the chart tests render the same
/// combinations many times.
/// </summary>
internal sealed class HelmChart
{
    /// <summary>Where helm prints each rendered template: <c># Source: nodelocal-operator/templates/NAME</c>.</summary>
    private const string SourcePrefix = "# Source: nodelocal-operator/templates/";

    /// <summary>
    /// A template added only to the rendering copy of the chart: helm template never prints NOTES.txt, but it parses it
    /// with the other templates, so this ConfigMap carries its rendered text (base64, so no escaping can change it).
    /// </summary>
    private const string NotesCarrier = "zz-test-notes.yaml";

    private static readonly ConcurrentDictionary<string, HelmChart> Loaded = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Dictionary<string, string>> _rendered = new(StringComparer.Ordinal);
    private readonly string _renderingCopy;

    private HelmChart(string directory)
    {
        Directory = directory;
        Metadata = YamlValues.Parse(File.ReadAllText(Path.Combine(directory, "Chart.yaml"))) as Dictionary<string, object?>
            ?? throw new InvalidDataException("Chart.yaml is not a mapping");
        DefaultValues = YamlValues.Parse(File.ReadAllText(Path.Combine(directory, "values.yaml")));
        TemplateNames = [.. System.IO.Directory.EnumerateFiles(Path.Combine(directory, "templates"))
            .Select(path => Path.GetFileName(path))
            .Where(name => !name.StartsWith('_'))
            .Order(StringComparer.Ordinal)];
        _renderingCopy = CopyWithNotesCarrier(directory);
    }

    /// <summary>The chart folder.</summary>
    public string Directory { get; }

    /// <summary>Chart.yaml.</summary>
    public Dictionary<string, object?> Metadata { get; }

    /// <summary>values.yaml.</summary>
    public object? DefaultValues { get; }

    /// <summary>The templates helm renders (file names under templates/, without the helpers).</summary>
    public IReadOnlyList<string> TemplateNames { get; }

    /// <summary>The repository's chart.</summary>
    public static HelmChart Operator() => Load(TestData.Repo("charts", "nodelocal-operator"));

    public static HelmChart Load(string directory) => Loaded.GetOrAdd(directory, path => new HelmChart(path));

    /// <summary>
    /// Every template rendered (file name to text; several documents of one file joined with <c>---</c>, an empty string
    /// for a template that rendered nothing), NOTES.txt included. Fails the test when helm refuses the values.
    /// </summary>
    public Dictionary<string, string> Render(
        string releaseName = "nodelocal-operator", string releaseNamespace = "nodelocal-system", string? overrides = null) =>
        _rendered.GetOrAdd($"{releaseName}\n{releaseNamespace}\n{overrides}", _ =>
        {
            var result = Template(releaseName, releaseNamespace, overrides);
            if (result.ExitCode != 0)
            {
                Assert.Fail($"helm template failed ({result.ExitCode}):\n{result.Stderr}");
            }

            return Split(result.Stdout);
        });

    /// <summary>The Kubernetes manifests only (no NOTES.txt), joined into one multi-document YAML stream.</summary>
    public string RenderManifests(string releaseName = "nodelocal-operator", string releaseNamespace = "nodelocal-system", string? overrides = null) =>
        string.Concat(Render(releaseName, releaseNamespace, overrides)
            .Where(pair => pair.Key.EndsWith(".yaml", StringComparison.Ordinal) && pair.Value.Trim().Length > 0)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"---\n{SourcePrefix}{pair.Key}\n{pair.Value.Trim('\n')}\n"));

    /// <summary><c>helm template</c> as it ran: exit code, manifests, and helm's error (a schema violation or a guard's message).</summary>
    public ProcessRunner.Result Template(string releaseName = "nodelocal-operator", string releaseNamespace = "nodelocal-system", string? overrides = null)
    {
        var valuesFile = Path.Combine(Path.GetTempPath(), $"nld-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(valuesFile, overrides ?? string.Empty);
        try
        {
            return HelmProcess.Run("template", releaseName, _renderingCopy, "--namespace", releaseNamespace, "--values", valuesFile);
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }

    private Dictionary<string, string> Split(string output)
    {
        var documents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? source = null;
        var current = new StringBuilder();
        void Flush()
        {
            if (source is not null)
            {
                documents.TryAdd(source, []);
                documents[source].Add(current.ToString().Trim('\n'));
            }

            current.Clear();
        }

        foreach (var line in output.Split('\n'))
        {
            if (line == "---")
            {
                Flush();
                source = null;
            }
            else if (line.StartsWith(SourcePrefix, StringComparison.Ordinal))
            {
                source = line[SourcePrefix.Length..];
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }

        Flush();
        var rendered = TemplateNames.ToDictionary(
            name => name, name => string.Join("\n---\n", documents.GetValueOrDefault(name) ?? []), StringComparer.Ordinal);
        var carrier = YamlValues.Parse(documents[NotesCarrier].Single());
        rendered["NOTES.txt"] = Encoding.UTF8.GetString(Convert.FromBase64String((string)YamlValues.At(carrier, "data.notes")!));
        return rendered;
    }

    private static string CopyWithNotesCarrier(string directory)
    {
        var copy = System.IO.Directory.CreateTempSubdirectory("nld-chart-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(copy, recursive: true);
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(copy, "templates", NotesCarrier), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: rendered-notes
            data:
              notes: {{ include "nodelocal-operator/templates/NOTES.txt" . | b64enc | quote }}
            """);
        return copy;
    }
}
