namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// A file an <c>import</c> found: its absolute <paramref name="Path"/> (used to resolve the relative
/// imports it makes, and to detect cycles), the name positions show (<paramref name="DisplayName"/>,
/// e.g. <c>coredns-custom/stub.server</c> for a ConfigMap key), and its text.
/// </summary>
public sealed record CorefileSourceFile(string Path, string DisplayName, string Text);
