using System.Security.Cryptography;
using System.Text;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>A stable hash of a rendered Corefile (SHA-256, lower-case hex).</summary>
public static class ConfigHash
{
    /// <summary>Hashes <paramref name="corefile"/>.</summary>
    public static string Of(string corefile) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(corefile)));
}
