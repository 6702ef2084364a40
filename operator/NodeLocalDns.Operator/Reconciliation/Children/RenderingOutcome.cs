using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>What rendering the Corefile found, for the status.</summary>
/// <param name="StubDomains">The stub domains the Corefile serves.</param>
/// <param name="SpecError">Why the spec cannot work, or null.</param>
/// <param name="RenderError">Why the daemon's loader refused the rendered Corefile, or null.</param>
public sealed record RenderingOutcome(IReadOnlyList<StubDomainStatus> StubDomains, string? SpecError = null, string? RenderError = null)
{
    /// <summary>Every zone and how the Corefile routes it.</summary>
    public IReadOnlyList<ZoneStatus> Zones { get; init; } = [];
}
