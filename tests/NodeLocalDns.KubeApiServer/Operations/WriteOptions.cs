namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>Query options shared by create, update and patch.</summary>
/// <param name="DryRun"><c>dryRun=All</c>: run every step but persist nothing.</param>
/// <param name="FieldManager">The <c>fieldManager</c> parameter (required for apply).</param>
/// <param name="Force">The <c>force</c> parameter of apply (accepted; conflicts are never reported here).</param>
/// <param name="FieldValidation">
/// The <c>fieldValidation</c> parameter: <c>Strict</c> refuses fields a custom resource's schema does not declare; otherwise they
/// are pruned.
/// </param>
internal sealed record WriteOptions(bool DryRun = false, string? FieldManager = null, bool Force = false, string? FieldValidation = null)
{
    public static readonly WriteOptions Default = new();
}
