using System.Reflection;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests;

/// <summary>
/// The operator's folders point one way: Api ← ClusterDns, Rendering ← Reconciliation ← KubeApi (and the controller
/// runtime, NodeLocalDns.Controllers) ← Hosting, Cli. Read from the compiled assembly (<see cref="TypeReferences"/>),
/// so nothing written can slip past: a using line, a fully qualified name, a type only named in a method body.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "NodeLocalDns.Operator.";

    private static readonly Assembly Operator = typeof(NodeLocalDnsSpec).Assembly;

    // Each layer, and the operator folders it may use besides its own.
    private static readonly Dictionary<string, string[]> Below = new(StringComparer.Ordinal)
    {
        ["Api"] = [],
        ["ClusterDns"] = ["Api"],
        ["Rendering"] = ["Api", "ClusterDns"],
        ["Reconciliation"] = ["Api", "ClusterDns", "Rendering"],
        ["KubeApi"] = ["Api", "ClusterDns", "Rendering", "Reconciliation"],
    };

    // Input and output: the pure folders reference none of it. The k8s namespace mixes the object model
    // (IKubernetesObject, KubernetesJson, KubernetesYaml: allowed) with the client, and System.Net.Sockets holds
    // AddressFamily beside the sockets, so those are named type by type.
    private static readonly string[] IoNamespaces =
    [
        "NodeLocalDns.Controllers", "k8s.Autorest", "k8s.Authentication", "k8s.KubeConfigModels", "k8s.LeaderElection",
        "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "System.CommandLine", "System.Net.Http", "Polly", "Prometheus",
    ];

    private static readonly string[] IoTypes =
    [
        "k8s.IKubernetes", "k8s.Kubernetes", "k8s.AbstractKubernetes", "k8s.KubernetesClientConfiguration", "k8s.GenericClient",
        "k8s.Watcher`1", "k8s.WatcherExt",
        "System.Net.Sockets.Socket", "System.Net.Sockets.TcpClient", "System.Net.Sockets.TcpListener", "System.Net.Sockets.UdpClient",
        "System.Net.Sockets.NetworkStream",
        "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream",
        "System.Console", "System.Environment", "System.Diagnostics.Process",
        "System.TimeProvider", "System.Diagnostics.Stopwatch",
    ];

    [TestCase("Api")]
    [TestCase("ClusterDns")]
    [TestCase("Rendering")]
    public void PureFolder_ReferencesNoIo(string folder)
    {
        var offences = References(folder)
            .Where(reference => IsIo(reference.Used) || IsOperatorFolder(reference.Used, out var used) && used != folder && !Below[folder].Contains(used))
            .Select(Describe)
            .ToList();

        var allowed = string.Join(", ", Below[folder].DefaultIfEmpty("nothing else in the operator"));
        Assert.That(offences, Is.Empty, $"{folder}/ is pure: it may use only {allowed}, and no I/O");
    }

    [Test]
    public void Reconciliation_UsesOnlyThePureFoldersAndTheReconcileContract()
    {
        var offences = References("Reconciliation")
            .Where(reference => IsOperatorFolder(reference.Used, out var used) && used != "Reconciliation" && !Below["Reconciliation"].Contains(used)
                || reference.Used.Namespace?.StartsWith("NodeLocalDns.Controllers", StringComparison.Ordinal) == true
                    && reference.Used.Namespace != "NodeLocalDns.Controllers.Reconcile")
            .Select(Describe)
            .ToList();

        Assert.That(offences, Is.Empty,
            "Reconciliation/ reaches the API server through its own ports (IClusterReader, IChildWriter, IEventRecorder), " +
            "and takes only the reconcile contract from the controller runtime");
    }

    [Test]
    public void KubeApi_UsesNothingAboveIt()
    {
        var offences = References("KubeApi")
            .Where(reference => IsOperatorFolder(reference.Used, out var used) && used != "KubeApi" && !Below["KubeApi"].Contains(used))
            .Select(Describe)
            .ToList();

        Assert.That(offences, Is.Empty, "KubeApi/ implements Reconciliation's ports; Hosting and Cli wire it");
    }

    [Test]
    public void EveryOperatorType_IsInAKnownFolder()
    {
        var known = Below.Keys.Concat(["Hosting", "Cli"]).ToHashSet(StringComparer.Ordinal);
        var strays = Operator.GetTypes()
            .Where(type => type.Namespace?.StartsWith(Root, StringComparison.Ordinal) == true && !known.Contains(FolderOf(type)!))
            .Select(type => type.FullName)
            .ToList();

        Assert.That(strays, Is.Empty, "a new top-level folder needs its place in the layers (here and in operator/README.md)");
    }

    private static IEnumerable<(Type User, Type Used)> References(string folder) =>
        Operator.GetTypes()
            .Where(type => FolderOf(type) == folder)
            .SelectMany(type => TypeReferences.Of(type).Select(used => (type, used)));

    private static string? FolderOf(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(Root, StringComparison.Ordinal) ? ns[Root.Length..].Split('.')[0] : null;

    private static bool IsOperatorFolder(Type type, out string folder)
    {
        folder = type.Assembly == Operator ? FolderOf(type) ?? string.Empty : string.Empty;
        return folder.Length > 0;
    }

    private static bool IsIo(Type type) =>
        IoNamespaces.Any(ns => type.Namespace == ns || type.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true)
        || IoTypes.Contains(type.FullName)
        || (type.Namespace == "k8s" && type.IsInterface && type.Name.EndsWith("Operations", StringComparison.Ordinal));

    private static string Describe((Type User, Type Used) reference) => $"{reference.User.FullName} uses {reference.Used.FullName}";
}
