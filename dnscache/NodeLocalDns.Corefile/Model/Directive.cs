using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Model;

/// <summary>
/// One directive line, such as <c>forward . 10.1.2.3 { force_tcp }</c>: its name, its arguments on the
/// same line, and its nested block when it has braces (<see cref="Block"/> is <c>null</c> without braces
/// and empty for <c>{}</c>). Positions are informative and are not compared.
/// </summary>
public sealed record Directive(
    Argument Name,
    ValueList<Argument> Args,
    ValueList<Directive>? Block,
    Comments Comments,
    ValueList<string> ClosingComments)
{
    /// <summary>A directive without comments, as renderers build them.</summary>
    public Directive(string name, IEnumerable<string> args, IEnumerable<Directive>? block = null)
        : this(
            new Argument(name),
            new ValueList<Argument>(args.Select(a => new Argument(a))),
            block is null ? null : new ValueList<Directive>(block),
            Comments.None,
            ValueList<string>.Empty)
    {
    }

    /// <summary>Where the directive name is.</summary>
    public SourcePosition Position => Name.Position;

    /// <summary>The argument values as strings.</summary>
    public IEnumerable<string> ArgValues => Args.Select(a => a.Value);

    /// <summary>Directives inside the block, or none.</summary>
    public IReadOnlyList<Directive> Children => (IReadOnlyList<Directive>?)Block ?? ValueList<Directive>.Empty;

    /// <summary>A copy without any comments, at every depth.</summary>
    public Directive WithoutComments() => this with
    {
        Comments = Comments.None,
        ClosingComments = ValueList<string>.Empty,
        Block = Block is null ? null : new ValueList<Directive>(Block.Select(d => d.WithoutComments())),
    };
}
