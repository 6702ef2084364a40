using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Defaulting;

/// <summary>
/// The defaults the apiserver applies to a PodSpec and its containers (k8s.io/kubernetes/pkg/apis/core/v1/defaults.go).
/// An operator that compares its desired pod template with what it reads back has to cope with exactly these, so the
/// test server applies them too.
/// </summary>
internal static class PodSpecDefaults
{
    public static void Apply(JsonObject spec)
    {
        Defaults.Set(spec, "dnsPolicy", "ClusterFirst");
        Defaults.Set(spec, "restartPolicy", "Always");
        Defaults.Set(spec, "terminationGracePeriodSeconds", 30);
        Defaults.Set(spec, "securityContext", new JsonObject());
        Defaults.Set(spec, "schedulerName", "default-scheduler");
        foreach (var container in Defaults.Items(spec, "containers").Concat(Defaults.Items(spec, "initContainers")))
        {
            ApplyContainer(container);
        }

        foreach (var volume in Defaults.Items(spec, "volumes"))
        {
            ApplyVolume(volume);
        }
    }

    private static void ApplyContainer(JsonObject container)
    {
        Defaults.Set(container, "terminationMessagePath", "/dev/termination-log");
        Defaults.Set(container, "terminationMessagePolicy", "File");
        Defaults.Set(container, "imagePullPolicy", PullPolicyFor(container["image"]?.GetValue<string>()));
        Defaults.Set(container, "resources", new JsonObject());
        foreach (var port in Defaults.Items(container, "ports"))
        {
            Defaults.Set(port, "protocol", "TCP");
        }

        foreach (var env in Defaults.Items(container, "env"))
        {
            if (env["valueFrom"] is JsonObject valueFrom && valueFrom["fieldRef"] is JsonObject fieldRef)
            {
                Defaults.Set(fieldRef, "apiVersion", "v1");
            }
        }

        foreach (var probeName in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container[probeName] is JsonObject probe)
            {
                ApplyProbe(probe);
            }
        }
    }

    private static void ApplyProbe(JsonObject probe)
    {
        Defaults.Set(probe, "timeoutSeconds", 1);
        Defaults.Set(probe, "periodSeconds", 10);
        Defaults.Set(probe, "successThreshold", 1);
        Defaults.Set(probe, "failureThreshold", 3);
        if (probe["httpGet"] is JsonObject httpGet)
        {
            Defaults.Set(httpGet, "path", "/");
            Defaults.Set(httpGet, "scheme", "HTTP");
        }
    }

    private static void ApplyVolume(JsonObject volume)
    {
        if (volume["configMap"] is JsonObject configMap)
        {
            Defaults.Set(configMap, "defaultMode", 420);
        }

        if (volume["secret"] is JsonObject secret)
        {
            Defaults.Set(secret, "defaultMode", 420);
        }

        if (volume["hostPath"] is JsonObject hostPath)
        {
            Defaults.Set(hostPath, "type", string.Empty);
        }

        if (volume["downwardAPI"] is JsonObject downward)
        {
            Defaults.Set(downward, "defaultMode", 420);
        }

        if (volume["projected"] is JsonObject projected)
        {
            Defaults.Set(projected, "defaultMode", 420);
        }
    }

    /// <summary>Always for an untagged or <c>:latest</c> image, IfNotPresent otherwise (digests count as tags).</summary>
    private static string PullPolicyFor(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return "IfNotPresent";
        }

        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var lastColon = image.LastIndexOf(':');
        var tag = lastColon > lastSlash ? image[(lastColon + 1)..] : null;
        return tag is null or "latest" ? "Always" : "IfNotPresent";
    }
}
