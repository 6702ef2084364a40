using NodeLocalDns.KubeApiServer.Tables;

namespace NodeLocalDns.KubeApiServer.Tests.Tables;

[TestFixture]
public sealed class HumanDurationTests
{
    [TestCase(-5, "<invalid>")]
    [TestCase(-1, "0s")]
    [TestCase(0, "0s")]
    [TestCase(119, "119s")]
    [TestCase(150, "2m30s")]
    [TestCase(600, "10m")]
    [TestCase(3 * 3600, "3h")]
    [TestCase(3 * 3600 + 1800, "3h30m")]
    [TestCase(30 * 3600, "30h")]
    [TestCase(3 * 86400 + 7200, "3d2h")]
    [TestCase(10 * 86400, "10d")]
    [TestCase(3 * 365 * 86400 + 5 * 86400, "3y5d")]
    [TestCase(9 * 365 * 86400, "9y")]
    public void Format_Seconds_MatchesKubectlAges(int seconds, string expected)
    {
        Assert.That(HumanDuration.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
    }
}
