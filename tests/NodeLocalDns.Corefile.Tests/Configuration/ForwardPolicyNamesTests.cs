using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Tests.Configuration;

/// <summary>The one table of forward policy names: CoreDNS's spelling, both ways, and the messages built from it.</summary>
public sealed class ForwardPolicyNamesTests
{
    [TestCase(ForwardPolicy.Random, "random")]
    [TestCase(ForwardPolicy.RoundRobin, "round_robin")]
    [TestCase(ForwardPolicy.Sequential, "sequential")]
    public void ToNameAndTryParse_UseCoreDnsNames(ForwardPolicy policy, string name)
    {
        Assert.That(policy.ToName(), Is.EqualTo(name));
        Assert.That(ForwardPolicyNames.TryParse(name, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(policy));
    }

    [Test]
    public void All_NamesEveryPolicyOnce() =>
        Assert.That(ForwardPolicyNames.All.Select(n => ForwardPolicyNames.TryParse(n, out var p) ? p : (ForwardPolicy?)null),
            Is.EquivalentTo(Enum.GetValues<ForwardPolicy>()));

    [TestCase("fastest")]
    [TestCase("Random")]
    [TestCase("round-robin")]
    [TestCase("")]
    public void TryParse_OtherText_IsFalse(string text) =>
        Assert.That(ForwardPolicyNames.TryParse(text, out _), Is.False);

    [TestCase("policy fastest", "Corefile:3:12: forward policy 'fastest' is unknown; use random, round_robin or sequential.")]
    [TestCase("policy", "Corefile:3:5: 'policy' takes 1 argument but has 0; write: policy random|round_robin|sequential.")]
    public void Load_BadPolicy_MessageListsTheNames(string line, string message)
    {
        var e = Assert.Throws<CorefileException>(() => DnsCacheConfigLoader.Load($".:53 {{\n  forward . 10.0.0.1 {{\n    {line}\n  }}\n}}"))!;
        Assert.That(e.Message, Is.EqualTo(message));
    }
}
