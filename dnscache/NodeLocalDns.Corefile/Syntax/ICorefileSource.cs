namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// Where <c>import</c> finds files. The daemon reads the real file system; the operator serves the keys
/// of ConfigMaps as files (AKS and k3s mount <c>coredns-custom</c> at <c>/etc/coredns/custom</c> and
/// import <c>custom/*.server</c>), so parsing stays pure.
/// </summary>
public interface ICorefileSource
{
    /// <summary>
    /// The files matching <paramref name="absolutePattern"/>, an absolute path in which <c>*</c> and
    /// <c>?</c> match within one path segment (Go's <c>filepath.Glob</c>), in ordinal order of path.
    /// </summary>
    IReadOnlyList<CorefileSourceFile> Find(string absolutePattern);
}
