using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Selectors;

namespace NodeLocalDns.KubeApiServer.Tests.Selectors;

/// <summary>Label selector syntax and matching as in k8s.io/apimachinery/pkg/labels.</summary>
[TestFixture]
public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "dns", ["tier"] = "node", ["version"] = "3" };

    [TestCase("", true)]
    [TestCase("app=dns", true)]
    [TestCase("app==dns", true)]
    [TestCase("app=web", false)]
    [TestCase("app!=web", true)]
    [TestCase("missing!=x", true)]
    [TestCase("app", true)]
    [TestCase("!app", false)]
    [TestCase("!missing", true)]
    [TestCase("tier in (node,cluster)", true)]
    [TestCase("tier in (cluster)", false)]
    [TestCase("tier notin (cluster)", true)]
    [TestCase("missing notin (x)", true)]
    [TestCase("missing in (x)", false)]
    [TestCase("app=dns,tier=node", true)]
    [TestCase("app=dns, tier=cluster", false)]
    [TestCase("version>2", true)]
    [TestCase("version<3", false)]
    [TestCase("example.com/role", false)]
    public void Matches_Expression_FollowsKubernetesSemantics(string expression, bool expected)
    {
        var selector = LabelSelector.Parse(expression);

        Assert.That(selector.Matches(Labels), Is.EqualTo(expected));
    }

    [TestCase("app in ()")]
    [TestCase("app in (a")]
    [TestCase("app = = b")]
    [TestCase("a b")]
    [TestCase("app=has space")]
    public void Parse_InvalidExpression_Throws400(string expression)
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(expression));

        Assert.That(error!.Code, Is.EqualTo(400));
    }
}
