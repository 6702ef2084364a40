using System.Net;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Allocation;

/// <summary>Service cluster IP allocation from 10.96.0.0/12.</summary>
[TestFixture]
public sealed class ServiceClusterIpTests : ServerTest
{
    private const string Services = "/api/v1/namespaces/kube-system/services";

    [Test]
    public async Task Create_WithoutClusterIp_AllocatesOneInTheServiceRangeAndDefaults()
    {
        var created = await Http.CreateAsync(Services, Objects.Service("svc"));

        var ip = IPAddress.Parse(Text(created, "spec.clusterIP")!);
        var bytes = ip.GetAddressBytes();
        Assert.Multiple(() =>
        {
            Assert.That(bytes[0], Is.EqualTo(10));
            Assert.That(bytes[1] & 0xF0, Is.EqualTo(96));
            Assert.That(created["spec"]!["clusterIPs"]![0]!.GetValue<string>(), Is.EqualTo(ip.ToString()));
            Assert.That(Text(created, "spec.type"), Is.EqualTo("ClusterIP"));
            Assert.That(Text(created, "spec.sessionAffinity"), Is.EqualTo("None"));
            Assert.That(created["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>(), Is.EqualTo(53));
        });
    }

    [Test]
    public async Task Create_RequestedIp_IsHonoured()
    {
        var created = await Http.CreateAsync(Services, Objects.Service("kube-dns", "10.96.0.10"));

        Assert.That(Text(created, "spec.clusterIP"), Is.EqualTo("10.96.0.10"));
    }

    [Test]
    public async Task Create_RequestedIpTaken_Returns422()
    {
        await Http.CreateAsync(Services, Objects.Service("kube-dns", "10.96.0.10"));

        var response = await Http.PostAsync(Services, Objects.Service("other", "10.96.0.10"));

        Assert.That(response.Code, Is.EqualTo(422));
        Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("already allocated"));
    }

    [Test]
    public async Task Create_RequestedIpOutOfRange_Returns422()
    {
        var response = await Http.PostAsync(Services, Objects.Service("svc", "192.168.0.10"));

        Assert.That(response.Code, Is.EqualTo(422));
        Assert.That(response.Object["message"]!.GetValue<string>(), Does.Contain("not in the valid range"));
    }

    [Test]
    public async Task Create_Headless_StaysNone()
    {
        var created = await Http.CreateAsync(Services, Objects.Service("headless", "None"));

        Assert.That(Text(created, "spec.clusterIP"), Is.EqualTo("None"));
        Assert.That(created["spec"]!["clusterIPs"]![0]!.GetValue<string>(), Is.EqualTo("None"));
    }

    [Test]
    public async Task DynamicAllocations_AreUniqueAndNeverReused()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var created = await Http.CreateAsync(Services, Objects.Service($"svc-{i}"));
            Assert.That(seen.Add(Text(created, "spec.clusterIP")!), Is.True);
            await Http.DeleteAsync($"{Services}/svc-{i}");
        }
    }

    [Test]
    public async Task Update_OmittingClusterIp_KeepsTheAllocatedOne()
    {
        var created = await Http.CreateAsync(Services, Objects.Service("svc"));
        var replacement = Objects.Service("svc");
        replacement["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };

        var updated = (await Http.PutAsync(Services + "/svc", replacement)).Object;

        Assert.That(Text(updated, "spec.clusterIP"), Is.EqualTo(Text(created, "spec.clusterIP")));
    }

    [Test]
    public async Task Update_ChangingClusterIp_Returns422()
    {
        var created = await Http.CreateAsync(Services, Objects.Service("svc"));
        created["spec"]!["clusterIP"] = "10.96.0.99";
        created["spec"]!["clusterIPs"] = new JsonArray("10.96.0.99");

        var response = await Http.PutAsync(Services + "/svc", created);

        Assert.That(response.Code, Is.EqualTo(422));
    }

    [Test]
    public async Task Delete_ReleasesARequestedIpForReuse()
    {
        await Http.CreateAsync(Services, Objects.Service("kube-dns", "10.96.0.10"));
        await Http.DeleteAsync(Services + "/kube-dns");

        var response = await Http.PostAsync(Services, Objects.Service("kube-dns", "10.96.0.10"));

        Assert.That(response.Code, Is.EqualTo(201));
    }

    [Test]
    public async Task Create_NodePort_AllocatesNodePorts()
    {
        var body = Objects.Service("np");
        body["spec"]!["type"] = "NodePort";

        var created = await Http.CreateAsync(Services, body);

        Assert.That(created["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>(), Is.InRange(30000, 32767));
    }

    [Test]
    public async Task PutObject_SeedsKubeDnsWithItsClusterIp()
    {
        var seeded = Server.PutObject("""
            apiVersion: v1
            kind: Service
            metadata:
              name: kube-dns
              namespace: kube-system
              labels: {k8s-app: kube-dns}
            spec:
              clusterIP: 10.96.0.10
              selector: {k8s-app: kube-dns}
              ports:
              - {name: dns, port: 53, protocol: UDP}
              - {name: dns-tcp, port: 53, protocol: TCP}
            """);

        var read = await Http.GetAsync(Services + "/kube-dns");

        Assert.That(Text(seeded, "spec.clusterIP"), Is.EqualTo("10.96.0.10"));
        Assert.That(Text(read.Body, "metadata.uid"), Is.EqualTo(Text(seeded, "metadata.uid")));
    }
}
