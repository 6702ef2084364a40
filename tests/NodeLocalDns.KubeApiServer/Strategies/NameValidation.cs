using System.Text.RegularExpressions;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>Name validation with the apiserver's messages, so a test sees the same 422 a cluster would send.</summary>
internal static partial class NameValidation
{
    public static StatusCause? Validate(NameRule rule, string name, string field = "metadata.name")
    {
        var detail = rule switch
        {
            NameRule.Subdomain when name.Length > 253 => "must be no more than 253 characters",
            NameRule.Subdomain when !Subdomain().IsMatch(name) =>
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
                "and must start and end with an alphanumeric character (e.g. 'example.com', " +
                "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            NameRule.Label when name.Length > 63 => "must be no more than 63 characters",
            NameRule.Label when !Label().IsMatch(name) =>
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
                "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', " +
                "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            NameRule.Rfc1035Label when name.Length > 63 => "must be no more than 63 characters",
            NameRule.Rfc1035Label when !Rfc1035().IsMatch(name) =>
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', " +
                "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', " +
                "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
            NameRule.PathSegment when name is "." or ".." => $"may not be '{name}'",
            NameRule.PathSegment when name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal) =>
                "may not contain '/' or '%'",
            _ => null,
        };
        return detail is null ? null : ApiErrors.InvalidValue(field, name, detail);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Rfc1035();
}
