using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives;

/// <summary>One row of <see cref="DirectiveTable"/>: a directive dnscache understands.</summary>
public sealed class DirectiveSpec
{
    internal DirectiveSpec(string name, int order, bool repeatable, bool handlesQueries, Func<ServerConfig, Directive, ServerConfig> apply)
    {
        Name = name;
        Order = order;
        Repeatable = repeatable;
        HandlesQueries = handlesQueries;
        Apply = apply;
    }

    /// <summary>The directive's name as written in a Corefile; also the name of its folders in both projects.</summary>
    public string Name { get; }

    /// <summary>
    /// Its position in the execution order (1 runs first), CoreDNS's <c>plugin.cfg</c> order: a block's
    /// directives run in this order whatever their order in the Corefile.
    /// </summary>
    public int Order { get; }

    /// <summary>Whether the directive may appear more than once in a block (otherwise CoreDNS's <c>plugin.ErrOnce</c>).</summary>
    public bool Repeatable { get; }

    /// <summary>
    /// Whether the directive has a handler on the request path. The others configure the server (where it
    /// listens, what it serves over HTTP, when it reloads) and never see a query.
    /// </summary>
    public bool HandlesQueries { get; }

    /// <summary>Parses the directive and returns the block configuration with its options set (its <c>setup</c>).</summary>
    internal Func<ServerConfig, Directive, ServerConfig> Apply { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
