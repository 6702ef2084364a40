using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Schemas;

/// <summary>
/// CRD schemas checked when the CRD is written, and custom resources pruned, defaulted and validated (structure and CEL
/// rules) when they are written, with the paths and messages a real kube-apiserver gives.
/// </summary>
[TestFixture]
public sealed class CustomResourceSchemaTests : ServerTest
{
    private const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private const string Gadgets = "/apis/example.test/v1/gadgets";

    /// <summary>
    /// A cluster-scoped Gadget: ports with a rule across its fields, a namespace that cannot change, an enum, an
    /// IP-address list, a status with conditions keyed by type.
    /// </summary>
    private static JsonObject GadgetDefinition(JsonNode? portsDefault)
    {
        var ports = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["dns"] = new JsonObject { ["type"] = "integer", ["default"] = 53, ["minimum"] = 1, ["maximum"] = 65535 },
                ["health"] = new JsonObject { ["type"] = "integer", ["default"] = 8080 },
            },
            ["x-kubernetes-validations"] = new JsonArray(
                new JsonObject { ["rule"] = "self.dns != self.health", ["message"] = "dns and health ports must differ" }),
        };
        if (portsDefault is not null)
        {
            ports["default"] = portsDefault;
        }

        var spec = new JsonObject
        {
            ["type"] = "object",
            ["default"] = new JsonObject(),
            ["properties"] = new JsonObject
            {
                ["ports"] = ports,
                ["namespace"] = new JsonObject
                {
                    ["type"] = "string",
                    ["default"] = "kube-system",
                    ["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = "self == oldSelf", ["message"] = "namespace is immutable" }),
                },
                ["mode"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("iptables", "ipvs") },
                ["name"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z]+$", ["maxLength"] = 5 },
                ["ips"] = new JsonObject
                {
                    ["type"] = "array",
                    ["maxItems"] = 2,
                    ["x-kubernetes-list-type"] = "set",
                    ["items"] = new JsonObject { ["type"] = "string", ["format"] = "ipv4" },
                },
            },
        };
        var status = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["conditions"] = new JsonObject
                {
                    ["type"] = "array",
                    ["x-kubernetes-list-type"] = "map",
                    ["x-kubernetes-list-map-keys"] = new JsonArray("type"),
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("type", "status"),
                        ["properties"] = new JsonObject
                        {
                            ["type"] = new JsonObject { ["type"] = "string" },
                            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("True", "False", "Unknown") },
                        },
                    },
                },
            },
        };
        var definition = Objects.WidgetDefinition(scope: "Cluster", plural: "gadgets", kind: "Gadget");
        definition["spec"]!["versions"]![0]!["schema"] = new JsonObject
        {
            ["openAPIV3Schema"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["apiVersion"] = new JsonObject { ["type"] = "string" },
                    ["kind"] = new JsonObject { ["type"] = "string" },
                    ["metadata"] = new JsonObject { ["type"] = "object" },
                    ["spec"] = spec,
                    ["status"] = status,
                },
            },
        };
        definition["spec"]!["versions"]![0]!["additionalPrinterColumns"] = new JsonArray();
        return definition;
    }

    private static JsonObject Gadget(string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "example.test/v1",
        ["kind"] = "Gadget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec,
    };

    private static string Message(ApiResponse response) => response.Object["message"]!.GetValue<string>();

    private async Task DefineGadgetsAsync() =>
        await Http.CreateAsync(Crds, GadgetDefinition(new JsonObject { ["dns"] = 53, ["health"] = 8080 }));

    [Test]
    public async Task CreateCrd_ObjectDefaultEmptyUnderARuleReadingItsFields_IsRejectedAsKubeApiserverRejectsIt()
    {
        var response = await Http.PostAsync(Crds, GadgetDefinition(new JsonObject()));

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(Message(response), Does.Contain(
                "spec.validation.openAPIV3Schema.properties[spec].properties[ports].default: " +
                "Invalid value: \"object\": no such key: dns evaluating rule: dns and health ports must differ"));
        });
    }

    [Test]
    public async Task CreateCrd_ObjectDefaultSpelledOut_IsAccepted()
    {
        var response = await Http.PostAsync(Crds, GadgetDefinition(new JsonObject { ["dns"] = 53, ["health"] = 8080 }));

        Assert.That(response.Code, Is.EqualTo(201), response.Body?.ToJsonString());
    }

    [Test]
    public async Task CreateCrd_DefaultBreakingItsOwnSchema_IsRejected()
    {
        var response = await Http.PostAsync(Crds, GadgetDefinition(new JsonObject { ["dns"] = "fifty-three", ["health"] = 8080 }));

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(Message(response), Does.Contain("properties[ports].default.dns: Invalid value: \"string\""));
        });
    }

    [Test]
    public async Task CreateCrd_ListMapWithAnOptionalKey_IsRejected()
    {
        var definition = GadgetDefinition(new JsonObject { ["dns"] = 53, ["health"] = 8080 });
        var status = definition["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!;
        status["properties"]!["conditions"]!["items"]!["required"] = new JsonArray("status");

        var response = await Http.PostAsync(Crds, definition);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(Message(response), Does.Contain(
                "properties[conditions].items.properties[type]: Required value: all map keys must be required or have a default value"));
        });
    }

    [Test]
    public async Task CreateCrd_RuleThatDoesNotParse_IsRejected()
    {
        var definition = GadgetDefinition(new JsonObject { ["dns"] = 53, ["health"] = 8080 });
        var spec = definition["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!;
        spec["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = "self.ports +" });

        var response = await Http.PostAsync(Crds, definition);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(Message(response),
                Does.Contain("properties[spec].x-kubernetes-validations[0].rule: Invalid value: \"self.ports +\": compilation failed"));
        });
    }

    [Test]
    public async Task CreateCrd_WithoutASchema_IsRejected()
    {
        var definition = Objects.WidgetDefinition();
        definition["spec"]!["versions"]![0]!.AsObject().Remove("schema");

        var response = await Http.PostAsync(Crds, definition);

        Assert.That(Message(response), Does.Contain("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"));
    }

    [Test]
    public async Task CreateResource_EmptySpec_GetsEveryNestedDefault()
    {
        await DefineGadgetsAsync();

        var created = await Http.CreateAsync(Gadgets, Gadget("g", []));

        Assert.That(created["spec"]!.ToJsonString(), Is.EqualTo("""{"ports":{"dns":53,"health":8080},"namespace":"kube-system"}"""));
    }

    [Test]
    public async Task CreateResource_PartialObject_GetsTheMissingFieldsDefaulted()
    {
        await DefineGadgetsAsync();

        var created = await Http.CreateAsync(Gadgets, Gadget("g", new JsonObject { ["ports"] = new JsonObject { ["dns"] = 5353 } }));

        Assert.That(created["spec"]!["ports"]!.ToJsonString(), Is.EqualTo("""{"dns":5353,"health":8080}"""));
    }

    [Test]
    public async Task CreateResource_UnknownField_IsPrunedOrRefusedWhenStrict()
    {
        await DefineGadgetsAsync();
        var spec = new JsonObject { ["mode"] = "ipvs", ["colour"] = "blue" };

        var pruned = await Http.CreateAsync(Gadgets, Gadget("g", (JsonObject)spec.DeepClone()));
        var strict = await Http.PostAsync(Gadgets + "?fieldValidation=Strict", Gadget("h", spec));

        Assert.Multiple(() =>
        {
            Assert.That(pruned["spec"]!["colour"], Is.Null);
            Assert.That(strict.Code, Is.EqualTo(400));
            Assert.That(Message(strict), Is.EqualTo("strict decoding error: unknown field \"spec.colour\""));
        });
    }

    [TestCase("""{"mode":"userspace"}""", "spec.mode: Unsupported value: \"userspace\": supported values: \"iptables\", \"ipvs\"")]
    [TestCase("""{"ports":{"dns":0}}""", "spec.ports.dns: Invalid value: 0: spec.ports.dns in body should be greater than or equal to 1")]
    [TestCase("""{"ports":{"dns":"53"}}""", "spec.ports.dns: Invalid value: \"string\": spec.ports.dns in body must be of type integer: \"string\"")]
    [TestCase("""{"name":"Abc"}""", "spec.name: Invalid value: \"Abc\": spec.name in body should match '^[a-z]+$'")]
    [TestCase("""{"name":"abcdefg"}""", "spec.name: Too long: may not be longer than 5")]
    [TestCase("""{"ips":["10.0.0.300"]}""", "spec.ips[0]: Invalid value: \"10.0.0.300\": spec.ips[0] in body must be of type ipv4: \"10.0.0.300\"")]
    [TestCase("""{"ips":["10.0.0.1","10.0.0.1"]}""", "spec.ips[1]: Duplicate value: \"10.0.0.1\"")]
    [TestCase("""{"ips":["10.0.0.1","10.0.0.2","10.0.0.3"]}""", "spec.ips: Too many: 3: must have at most 2 items")]
    [TestCase("""{"ports":{"dns":8080}}""", "spec.ports: Invalid value: \"object\": dns and health ports must differ")]
    public async Task CreateResource_Invalid_Is422WithTheApiServersMessage(string spec, string expected)
    {
        await DefineGadgetsAsync();

        var response = await Http.PostAsync(Gadgets, Gadget("g", JsonNode.Parse(spec)!.AsObject()));

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(Message(response), Is.EqualTo($"Gadget.example.test \"g\" is invalid: {expected}"));
        });
    }

    [Test]
    public async Task UpdateResource_TransitionRule_ComparesWithTheStoredObject()
    {
        await DefineGadgetsAsync();
        var created = await Http.CreateAsync(Gadgets, Gadget("g", new JsonObject { ["namespace"] = "dns" }));

        var sameNamespace = created.DeepClone().AsObject();
        sameNamespace["spec"]!["mode"] = "ipvs";
        var unchanged = await Http.PutAsync(Gadgets + "/g", sameNamespace);
        var moved = unchanged.Object.DeepClone().AsObject();
        moved["spec"]!["namespace"] = "elsewhere";
        var refused = await Http.PutAsync(Gadgets + "/g", moved);

        Assert.Multiple(() =>
        {
            Assert.That(unchanged.Code, Is.EqualTo(200));
            Assert.That(refused.Code, Is.EqualTo(422));
            Assert.That(Message(refused), Does.EndWith("spec.namespace: Invalid value: \"string\": namespace is immutable"));
        });
    }

    [Test]
    public async Task UpdateStatus_BreakingTheStatusSchema_Is422()
    {
        await DefineGadgetsAsync();
        var created = await Http.CreateAsync(Gadgets, Gadget("g", []));
        created["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Ready", ["status"] = "True" },
                new JsonObject { ["type"] = "Ready", ["status"] = "Maybe" }),
        };

        var response = await Http.PutAsync(Gadgets + "/g/status", created);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(422));
            Assert.That(Message(response), Does.Contain("status.conditions[1].status: Unsupported value: \"Maybe\""));
            Assert.That(Message(response), Does.Contain("status.conditions[1]: Duplicate value: map[string]interface {}{\"type\":\"Ready\"}"));
        });
    }

    [Test]
    public async Task CreateResource_DryRun_ValidatesWithoutStoring()
    {
        await DefineGadgetsAsync();

        var valid = await Http.PostAsync(Gadgets + "?dryRun=All", Gadget("g", []));
        var invalid = await Http.PostAsync(Gadgets + "?dryRun=All", Gadget("h", new JsonObject { ["mode"] = "userspace" }));
        var stored = await Http.GetAsync(Gadgets + "/g");

        Assert.Multiple(() =>
        {
            Assert.That(valid.Code, Is.EqualTo(201));
            Assert.That(invalid.Code, Is.EqualTo(422));
            Assert.That(stored.Code, Is.EqualTo(404));
        });
    }
}
