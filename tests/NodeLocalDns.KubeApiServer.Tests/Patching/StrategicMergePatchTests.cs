using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Patching;

namespace NodeLocalDns.KubeApiServer.Tests.Patching;

/// <summary>The strategic merge algorithm against expectations from k8s.io/apimachinery/pkg/util/strategicpatch.</summary>
[TestFixture]
public sealed class StrategicMergePatchTests
{
    [Test]
    public void Apply_ContainersByName_MergesMatchingAndAppendsNew()
    {
        var result = ApplyToDaemonSet("""{"spec":{"template":{"spec":{"containers":[{"name":"node-cache","image":"v2"},{"name":"sidecar","image":"s"}]}}}}""");

        var containers = Containers(result);
        Assert.Multiple(() =>
        {
            Assert.That(containers.Select(container => container!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "node-cache", "sidecar" }));
            Assert.That(containers[0]!["image"]!.GetValue<string>(), Is.EqualTo("v2"));
            Assert.That(containers[0]!["args"]!.AsArray(), Has.Count.EqualTo(2), "fields the patch does not mention stay");
        });
    }

    [Test]
    public void Apply_EnvByName_MergesEntries()
    {
        var result = ApplyToDaemonSet("""{"spec":{"template":{"spec":{"containers":[{"name":"node-cache","env":[{"name":"B","value":"2"}]}]}}}}""");

        Assert.That(Containers(result)[0]!["env"]!.AsArray().Select(env => env!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "A", "B" }));
    }

    [Test]
    public void Apply_PortsByContainerPort_MergesEntries()
    {
        var result = ApplyToDaemonSet(
            """{"spec":{"template":{"spec":{"containers":[{"name":"node-cache","ports":[""" +
            """{"containerPort":53,"protocol":"TCP","name":"dns-tcp"},{"containerPort":9253,"name":"metrics"}]}]}}}}""");

        var ports = Containers(result)[0]!["ports"]!.AsArray();
        Assert.That(ports.Select(port => port!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "dns-tcp", "metrics" }));
    }

    [Test]
    public void Apply_ListWithoutMergeKey_IsReplaced()
    {
        var result = ApplyToDaemonSet("""{"spec":{"template":{"spec":{"containers":[{"name":"node-cache","args":["-x"]}]}}}}""");

        Assert.That(Containers(result)[0]!["args"]!.AsArray().Select(arg => arg!.GetValue<string>()), Is.EqualTo(new[] { "-x" }));
    }

    [Test]
    public void Apply_DeleteDirectiveInList_RemovesTheElement()
    {
        var result = ApplyToDaemonSet("""{"spec":{"template":{"spec":{"containers":[{"name":"node-cache","$patch":"delete"}]}}}}""");

        Assert.That(Containers(result), Is.Empty);
    }

    [Test]
    public void Apply_ReplaceDirectiveInList_ReplacesTheWholeList()
    {
        var result = ApplyToDaemonSet("""{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}}}""");

        Assert.That(Containers(result).Select(container => container!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "only" }));
        Assert.That(Containers(result)[0]!["args"], Is.Null);
    }

    [Test]
    public void Apply_ReplaceDirectiveInMap_ReplacesTheMap()
    {
        var result = ApplyToDaemonSet("""{"metadata":{"labels":{"x":"y","$patch":"replace"}}}""", labels: new JsonObject { ["a"] = "b" });

        Assert.That(result["metadata"]!["labels"]!.ToJsonString(), Is.EqualTo("""{"x":"y"}"""));
    }

    [Test]
    public void Apply_NullValue_DeletesTheField()
    {
        var result = ApplyToDaemonSet("""{"metadata":{"labels":{"a":null}}}""", labels: new JsonObject { ["a"] = "b", ["c"] = "d" });

        Assert.That(result["metadata"]!["labels"]!.ToJsonString(), Is.EqualTo("""{"c":"d"}"""));
    }

    [Test]
    public void Apply_Finalizers_MergeAsASet()
    {
        var original = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("a", "b") } };

        var result = StrategicMergePatch.Apply(original, Parse("""{"metadata":{"finalizers":["b","c"]}}"""), BuiltInPatchSchemas.Generic);

        Assert.That(result["metadata"]!["finalizers"]!.AsArray().Select(item => item!.GetValue<string>()), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void Apply_DeleteFromPrimitiveList_RemovesValues()
    {
        var original = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("a", "b") } };

        var result = StrategicMergePatch.Apply(original, Parse("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"""), BuiltInPatchSchemas.Generic);

        Assert.That(result["metadata"]!["finalizers"]!.AsArray().Select(item => item!.GetValue<string>()), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Apply_OwnerReferences_MergeByUid()
    {
        var original = new JsonObject
        {
            ["metadata"] = new JsonObject { ["ownerReferences"] = new JsonArray(new JsonObject { ["uid"] = "1", ["name"] = "a" }) },
        };

        var result = StrategicMergePatch.Apply(original, Parse("""{"metadata":{"ownerReferences":[{"uid":"2","name":"b"}]}}"""), BuiltInPatchSchemas.Generic);

        Assert.That(result["metadata"]!["ownerReferences"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public void Apply_RetainKeys_ClearsFieldsNotListed()
    {
        var original = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 1 } },
            },
        };

        var result = StrategicMergePatch.Apply(original, Parse("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"""),
            BuiltInPatchSchemas.Deployment);

        Assert.That(result["spec"]!["strategy"]!.ToJsonString(), Is.EqualTo("""{"type":"Recreate"}"""));
    }

    [Test]
    public void Apply_SetElementOrder_ReordersTheMergedList()
    {
        var result = ApplyToDaemonSet(
            """{"spec":{"template":{"spec":{"$setElementOrder/containers":[""" +
            """{"name":"sidecar"},{"name":"node-cache"}],"containers":[{"name":"sidecar","image":"s"}]}}}}""");

        Assert.That(Containers(result).Select(container => container!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "sidecar", "node-cache" }));
    }

    [Test]
    public void Apply_Tolerations_AreReplacedAtomically()
    {
        var original = new JsonObject { ["spec"] = new JsonObject { ["tolerations"] = new JsonArray(new JsonObject { ["operator"] = "Exists" }) } };

        var result = StrategicMergePatch.Apply(original, Parse("""{"spec":{"tolerations":[{"key":"a","operator":"Equal","value":"b"}]}}"""),
            BuiltInPatchSchemas.Pod);

        Assert.That(result["spec"]!["tolerations"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(result["spec"]!["tolerations"]![0]!["key"]!.GetValue<string>(), Is.EqualTo("a"));
    }

    private static JsonObject ApplyToDaemonSet(string patch, JsonObject? labels = null)
    {
        var original = Support.Objects.DaemonSet("ds");
        if (labels is not null)
        {
            original["metadata"]!["labels"] = labels;
        }

        return StrategicMergePatch.Apply(original, Parse(patch), BuiltInPatchSchemas.DaemonSet);
    }

    private static JsonArray Containers(JsonObject daemonSet) => daemonSet["spec"]!["template"]!["spec"]!["containers"]!.AsArray();

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
