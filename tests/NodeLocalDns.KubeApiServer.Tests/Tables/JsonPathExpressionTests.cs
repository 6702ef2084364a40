using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tables;

namespace NodeLocalDns.KubeApiServer.Tests.Tables;

[TestFixture]
public sealed class JsonPathExpressionTests
{
    private static readonly JsonObject Document = JsonNode.Parse("""
        {
          "metadata": {"name": "w", "labels": {"app.kubernetes.io/name": "dns"}},
          "spec": {"size": 3, "zones": ["a", "b"]},
          "status": {"conditions": [
            {"type": "Available", "status": "True"},
            {"type": "Progressing", "status": "False"}
          ]}
        }
        """)!.AsObject();

    [TestCase(".spec.size", "3")]
    [TestCase("{.spec.size}", "3")]
    [TestCase(".spec.zones[1]", "b")]
    [TestCase(".spec.zones[*]", "a|b")]
    [TestCase(".status.conditions[?(@.type==\"Available\")].status", "True")]
    [TestCase(".status.conditions[?(@.type=='Progressing')].status", "False")]
    [TestCase(".status.conditions[?(@.status!=\"True\")].type", "Progressing")]
    [TestCase(".metadata.labels['app.kubernetes.io/name']", "dns")]
    [TestCase(".metadata.labels.app\\.kubernetes\\.io/name", "dns")]
    [TestCase(".spec.missing", "")]
    [TestCase(".status.conditions[?(@.type==\"Absent\")].status", "")]
    public void Evaluate_Path_FindsTheValues(string path, string expected)
    {
        var results = JsonPathExpression.Parse(path).Evaluate(Document);

        Assert.That(string.Join("|", results.Select(result => result?.ToString())), Is.EqualTo(expected));
    }
}
