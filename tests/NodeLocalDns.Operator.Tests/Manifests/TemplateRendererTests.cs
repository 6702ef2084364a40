using NodeLocalDns.Operator.Tests.Support.Helm;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>The test's stand-in for Helm's template engine: Go template semantics for the constructs the chart uses, errors for the rest.</summary>
public sealed class TemplateRendererTests
{
    private static string Render(string template, string values = "{}", string? helpers = null)
    {
        var defines = new Dictionary<string, List<TemplateNode>>(StringComparer.Ordinal);
        if (helpers is not null)
        {
            TemplateParser.Parse("_helpers.tpl", helpers, defines);
        }

        var nodes = TemplateParser.Parse("test.yaml", template, defines);
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Values"] = YamlValues.Parse(values),
            ["Release"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Name"] = "rel", ["Namespace"] = "ns" },
        };
        return new TemplateEvaluator(defines).Render(nodes, data);
    }

    [TestCase("a:\n  {{- \" b\" }}\n", "a: b\n")]
    [TestCase("a: {{ \"b\" -}}\n\n  c", "a: bc")]
    [TestCase("x\n{{- /* a comment */}}\ny", "x\ny")]
    [TestCase("{{ .Release.Name }}/{{ .Release.Namespace }}", "rel/ns")]
    public void Render_TrimMarkersCommentsAndFields_MatchGoTemplates(string template, string expected) =>
        Assert.That(Render(template), Is.EqualTo(expected));

    [TestCase("v: 0", "zero")]
    [TestCase("v: \"\"", "zero")]
    [TestCase("v: []", "zero")]
    [TestCase("v: {}", "zero")]
    [TestCase("v: false", "zero")]
    [TestCase("v: 2", "two")]
    [TestCase("v: x", "other")]
    public void Render_IfElseIf_UsesGoTruthiness(string values, string expected) =>
        Assert.That(Render("{{ if not .Values.v }}zero{{ else if contains \"2\" (printf \"%v\" .Values.v) }}two{{ else }}other{{ end }}", values), Is.EqualTo(expected));

    [Test]
    public void Render_WithAndRange_RebindDotAndKeepRoot()
    {
        const string template = "{{ with .Values.m }}{{ .k }}@{{ $.Release.Name }}{{ end }};{{ range .Values.l }}[{{ . }}]{{ else }}none{{ end }};{{ range .Values.e }}x{{ else }}none{{ end }}";
        Assert.That(Render(template, "m: {k: v}\nl: [a, b]\ne: []"), Is.EqualTo("v@rel;[a][b];none"));
    }

    [Test]
    public void Render_IncludeToYamlNindent_IndentsEveryLine()
    {
        const string helpers = "{{- define \"labels\" -}}\napp: {{ .Release.Name }}\ntier: dns\n{{- end -}}";
        const string template = "labels:\n  {{- include \"labels\" . | nindent 2 }}\nres:\n  {{- toYaml .Values.r | nindent 2 }}\n";
        Assert.That(Render(template, "r: {requests: {cpu: 50m, memory: 64Mi}, list: [1, \"2\"]}", helpers), Is.EqualTo(
            "labels:\n  app: rel\n  tier: dns\nres:\n  list:\n  - 1\n  - \"2\"\n  requests:\n    cpu: 50m\n    memory: 64Mi\n"));
    }

    [TestCase("{{ .Values.port | quote }}", "port: 8080", "\"8080\"")]
    [TestCase("{{ .Values.tag | default \"0.1.0\" }}", "tag: \"\"", "0.1.0")]
    [TestCase("{{ printf \"%s-%s\" .Release.Name \"chart\" | trunc 5 | trimSuffix \"-\" }}", "{}", "rel-c")]
    [TestCase("{{ \"a+b\" | replace \"+\" \"_\" }}", "{}", "a_b")]
    [TestCase("{{ join \", \" .Values.l }}", "l: [a, b]", "a, b")]
    [TestCase("{{ and .Values.a .Values.b }}", "{a: true, b: 0}", "0")]
    public void Render_Functions_BehaveLikeSprig(string template, string values, string expected) =>
        Assert.That(Render(template, values), Is.EqualTo(expected));

    [TestCase("{{ .Values.missing }}", "not defined")]
    [TestCase("{{ .Values.m }}", "use toYaml")]
    [TestCase("{{ upper .Values.s }}", "not supported")]
    [TestCase("{{ $x := 1 }}", "not supported")]
    [TestCase("{{ template \"x\" . }}", "not supported")]
    [TestCase("{{ if .Values.s }}open", "without end")]
    [TestCase("{{ include \"nope\" . }}", "no template")]
    public void Render_UnsupportedOrWrong_FailsLoudly(string template, string message) =>
        Assert.That(() => Render(template, "s: x\nm: {a: 1}"), Throws.TypeOf<TemplateException>().With.Message.Contains(message));

    [TestCase("a: 'yes'", "yes")]
    [TestCase("a: yes", true)]
    [TestCase("a: 0x1F", 31L)]
    [TestCase("a: 1.5", 1.5)]
    [TestCase("a: ~", null)]
    [TestCase("a: 169.254.20.10", "169.254.20.10")]
    public void YamlValues_PlainScalars_ResolveLikeGoYaml(string yaml, object? expected) =>
        Assert.That(YamlValues.At(YamlValues.Parse(yaml), "a"), Is.EqualTo(expected));

    [Test]
    public void YamlValues_ToYaml_RoundTripsAmbiguousStrings()
    {
        var value = YamlValues.Parse("a: \"true\"\nb: \"8080\"\nc: \"x: y\"\nd: \"\"\ne: [\"on\", {f: \"null\"}]\n");
        Assert.That(YamlValues.Parse(YamlValues.ToYaml(value)), Is.EqualTo(value));
    }
}
