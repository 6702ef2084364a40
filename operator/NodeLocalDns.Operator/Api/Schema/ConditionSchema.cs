using k8s.Models;

namespace NodeLocalDns.Operator.Api.Schema;

/// <summary>
/// The schema of <c>metav1.Condition</c> as controller-gen writes it for Kubernetes' own APIs: every field described
/// for <c>kubectl explain</c>, the five required fields, and the bounds and patterns the API server checks. The
/// client's <see cref="V1Condition"/> carries none of this, so it is written here once.
/// </summary>
public static class ConditionSchema
{
    /// <summary>A new copy of the schema.</summary>
    public static V1JSONSchemaProps Create() => new()
    {
        Type = "object",
        Description = "One aspect of the NodeLocalDns's state (metav1.Condition).",
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["type"] = new()
            {
                Type = "string",
                Description = "Type of condition: Available, Progressing, Degraded or ConfigValid.",
                MaxLength = 316,
                Pattern = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
            },
            ["status"] = new()
            {
                Type = "string",
                Description = "Status of the condition: True, False or Unknown.",
                EnumProperty = ["True", "False", "Unknown"],
            },
            ["observedGeneration"] = new()
            {
                Type = "integer",
                Format = "int64",
                Minimum = 0,
                Description = "The metadata.generation of the NodeLocalDns the condition was computed for.",
            },
            ["lastTransitionTime"] = new()
            {
                Type = "string",
                Format = "date-time",
                Description = "When the status last changed from one value to another.",
            },
            ["reason"] = new()
            {
                Type = "string",
                Description = "A CamelCase token for the condition's last transition, stable for alerts (e.g. ForeignInstall, NoKubeDnsService).",
                MinLength = 1,
                MaxLength = 1024,
                Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
            },
            ["message"] = new()
            {
                Type = "string",
                Description = "What happened and, when something is wrong, what to do about it.",
                MaxLength = 32768,
            },
        },
    };
}
