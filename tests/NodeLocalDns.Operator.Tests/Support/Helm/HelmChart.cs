using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>
/// The operator's chart as Helm would load it (Chart.yaml, values.yaml, every file under templates/ parsed together
/// so their defines are shared) and a stand-in for <c>helm template</c>: renders each template that does not start
/// with '_' with values.yaml merged with overrides, <c>.Release</c> and <c>.Chart</c>. helm cannot be installed here,
/// so this runs the chart's templates through <see cref="TemplateParser"/> and <see cref="TemplateEvaluator"/>.
/// </summary>
internal sealed class HelmChart
{
    private readonly Dictionary<string, List<TemplateNode>> _templates;
    private readonly TemplateEvaluator _evaluator;

    private HelmChart(
        string directory,
        Dictionary<string, object?> metadata,
        object? values,
        Dictionary<string, List<TemplateNode>> templates,
        Dictionary<string, List<TemplateNode>> defines)
    {
        Directory = directory;
        Metadata = metadata;
        DefaultValues = values;
        _templates = templates;
        _evaluator = new TemplateEvaluator(defines);
    }

    /// <summary>The chart folder.</summary>
    public string Directory { get; }

    /// <summary>Chart.yaml.</summary>
    public Dictionary<string, object?> Metadata { get; }

    /// <summary>values.yaml.</summary>
    public object? DefaultValues { get; }

    /// <summary>The templates Helm renders (file names under templates/, without the helpers).</summary>
    public IEnumerable<string> TemplateNames => _templates.Keys.Order(StringComparer.Ordinal);

    /// <summary>The repository's chart.</summary>
    public static HelmChart Operator() => Load(TestData.Repo("charts", "nodelocal-operator"));

    public static HelmChart Load(string directory)
    {
        var metadata = YamlValues.Parse(File.ReadAllText(Path.Combine(directory, "Chart.yaml"))) as Dictionary<string, object?>
            ?? throw new InvalidDataException("Chart.yaml is not a mapping");
        var values = YamlValues.Parse(File.ReadAllText(Path.Combine(directory, "values.yaml")));
        var defines = new Dictionary<string, List<TemplateNode>>(StringComparer.Ordinal);
        var templates = new Dictionary<string, List<TemplateNode>>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(Path.Combine(directory, "templates")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var nodes = TemplateParser.Parse(name, File.ReadAllText(path), defines);
            if (!name.StartsWith('_'))
            {
                templates[name] = nodes;
            }
        }

        return new HelmChart(directory, metadata, values, templates, defines);
    }

    /// <summary>Every template rendered (file name to text), like <c>helm template</c>.</summary>
    public Dictionary<string, string> Render(string releaseName = "nodelocal-operator", string releaseNamespace = "nodelocal-system",
        string? overrides = null) =>
        _templates.ToDictionary(
            pair => pair.Key,
            pair => _evaluator.Render(pair.Value, Data(releaseName, releaseNamespace, overrides)),
            StringComparer.Ordinal);

    /// <summary>The Kubernetes manifests only (no NOTES.txt), joined into one multi-document YAML stream.</summary>
    public string RenderManifests(string releaseName = "nodelocal-operator", string releaseNamespace = "nodelocal-system", string? overrides = null) =>
        string.Concat(Render(releaseName, releaseNamespace, overrides)
            .Where(pair => pair.Key.EndsWith(".yaml", StringComparison.Ordinal) && pair.Value.Trim().Length > 0)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"---\n# Source: nodelocal-operator/templates/{pair.Key}\n{pair.Value.Trim('\n')}\n"));

    private Dictionary<string, object?> Data(string releaseName, string releaseNamespace, string? overrides) => new(StringComparer.Ordinal)
    {
        ["Values"] = YamlValues.Merge(DefaultValues, overrides is null ? null : YamlValues.Parse(overrides)),
        ["Release"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Name"] = releaseName,
            ["Namespace"] = releaseNamespace,
            ["Service"] = "Helm",
            ["IsInstall"] = true,
            ["IsUpgrade"] = false,
            ["Revision"] = 1L,
        },
        // Helm exposes Chart.yaml's fields with capitalised names.
        ["Chart"] = Metadata.ToDictionary(pair => char.ToUpperInvariant(pair.Key[0]) + pair.Key[1..], pair => pair.Value, StringComparer.Ordinal),
    };
}
