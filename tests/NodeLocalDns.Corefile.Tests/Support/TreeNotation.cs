using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Tests.Support;

/// <summary>
/// A one-line notation for syntax trees, so table rows can state the expected tree:
/// <c>.:53 { errors; forward . 1.2.3.4 { force_tcp } } | example.org { whoami }</c>.
/// Words that are empty or hold white space are shown in «».
/// </summary>
internal static class TreeNotation
{
    public static string Of(CorefileDocument document) => string.Join(" | ", document.ServerBlocks.Select(Of));

    public static string Of(ServerBlock block) => $"{string.Join(' ', block.Keys.Select(k => Word(k.Value)))} {Block(block.Directives)}";

    private static string Block(ValueList<Directive> directives) =>
        directives.Count == 0 ? "{ }" : $"{{ {string.Join("; ", directives.Select(Of))} }}";

    private static string Of(Directive directive)
    {
        var head = string.Join(' ', new[] { directive.Name.Value }.Concat(directive.ArgValues).Select(Word));
        return directive.Block is null ? head : $"{head} {Block(directive.Block)}";
    }

    private static string Word(string value) => value.Length == 0 || value.Any(char.IsWhiteSpace) ? $"«{value}»" : value;
}
