using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Model;

/// <summary>
/// A server block: one or more keys (<c>zone[:port]</c>, with an optional transport prefix) and the
/// directives that configure the server for them.
/// </summary>
public sealed record ServerBlock(
    ValueList<Argument> Keys,
    ValueList<Directive> Directives,
    Comments Comments,
    ValueList<string> ClosingComments)
{
    /// <summary>A server block without comments, as renderers build them.</summary>
    public ServerBlock(IEnumerable<string> keys, IEnumerable<Directive> directives)
        : this(new ValueList<Argument>(keys.Select(k => new Argument(k))), new ValueList<Directive>(directives), Comments.None, ValueList<string>.Empty)
    {
    }

    /// <summary>Where the first key is.</summary>
    public SourcePosition Position => Keys.Count > 0 ? Keys[0].Position : SourcePosition.None;

    /// <summary>The key values as strings.</summary>
    public IEnumerable<string> KeyValues => Keys.Select(k => k.Value);

    /// <summary>The directives with the given name, in order.</summary>
    public IEnumerable<Directive> DirectivesNamed(string name) => Directives.Where(d => d.Name.Value == name);

    /// <summary>A copy without any comments, at every depth.</summary>
    public ServerBlock WithoutComments() => this with
    {
        Comments = Comments.None,
        ClosingComments = ValueList<string>.Empty,
        Directives = new ValueList<Directive>(Directives.Select(d => d.WithoutComments())),
    };
}
