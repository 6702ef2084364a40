using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Watch;

/// <summary>Watch semantics from the API concepts ("Efficient detection of changes", "Watch bookmarks").</summary>
[TestFixture]
public sealed class WatchTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private protected override TestKubeApiServerOptions Options => new() { BookmarkInterval = TimeSpan.FromMilliseconds(200), WatchHistoryLimit = 50 };

    [Test]
    public async Task Watch_WithoutResourceVersion_StartsWithSyntheticAddedEvents()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a"));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("b"));

        await using var watch = await WatchStream.OpenAsync(Http.Client, ConfigMaps + "?watch=true");
        var initial = await watch.TakeChangesAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(watch.StatusCode, Is.EqualTo(200));
            Assert.That(initial.Select(WatchStream.TypeOf), Is.EqualTo(new[] { "ADDED", "ADDED" }));
            Assert.That(initial.Select(WatchStream.NameOf), Is.EquivalentTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public async Task Watch_FromResourceVersion_ReplaysLaterChangesThenStreamsNewOnes()
    {
        var list = await Http.GetAsync(ConfigMaps);
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a"));
        await Http.PatchAsync(ConfigMaps + "/a", "application/merge-patch+json", """{"data":{"key":"2"}}""");

        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={list.ResourceVersion}");
        var replayed = await watch.TakeChangesAsync(2);
        await Http.DeleteAsync(ConfigMaps + "/a");
        var live = await watch.NextChangeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(replayed.Select(WatchStream.TypeOf), Is.EqualTo(new[] { "ADDED", "MODIFIED" }));
            Assert.That(Text(replayed[1]["object"], "data.key"), Is.EqualTo("2"));
            Assert.That(WatchStream.TypeOf(live!), Is.EqualTo("DELETED"));
            Assert.That(Version(live!["object"]!.AsObject()), Is.EqualTo(Server.ResourceVersion), "a DELETED event carries the deletion's version");
        });
    }

    [Test]
    public async Task Watch_FromCompactedResourceVersion_SendsErrorEvent410AndEnds()
    {
        var list = await Http.GetAsync(ConfigMaps);
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a"));
        Server.ExpireWatchHistory();

        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={list.ResourceVersion}");
        var error = await watch.NextAsync();
        var end = await watch.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(watch.StatusCode, Is.EqualTo(200), "the 410 arrives as an event, not as the HTTP status");
            Assert.That(WatchStream.TypeOf(error!), Is.EqualTo("ERROR"));
            Assert.That(Text(error!["object"], "kind"), Is.EqualTo("Status"));
            Assert.That(Text(error!["object"], "code"), Is.EqualTo("410"));
            Assert.That(Text(error!["object"], "reason"), Is.EqualTo("Expired"));
            Assert.That(end, Is.Null);
        });
    }

    [Test]
    public async Task Watch_HistoryLimitExceeded_OldVersionsExpire()
    {
        var list = await Http.GetAsync(ConfigMaps);
        for (var i = 0; i < 60; i++)
        {
            await Http.CreateAsync(ConfigMaps, Objects.ConfigMap($"c{i}"));
        }

        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={list.ResourceVersion}");

        Assert.That(Text((await watch.NextAsync())!["object"], "code"), Is.EqualTo("410"));
    }

    [Test]
    public async Task Watch_AllowWatchBookmarks_SendsBookmarksThatReachTheCurrentVersion()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client,
            $"{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={Server.ResourceVersion}");
        await Http.CreateAsync("/api/v1/namespaces/kube-system/configmaps", Objects.ConfigMap("elsewhere"));
        var expected = Server.ResourceVersion;

        // Bookmarks arrive every 200 ms; one sent before the write may still carry the older version.
        var bookmarks = new List<JsonObject>();
        while (bookmarks.Count == 0 || Version(bookmarks[^1]["object"]!.AsObject()) < expected)
        {
            bookmarks.Add((await watch.NextAsync(TimeSpan.FromSeconds(5)))!);
        }

        Assert.Multiple(() =>
        {
            Assert.That(bookmarks.Select(WatchStream.TypeOf), Has.All.EqualTo("BOOKMARK"), "changes in other namespaces are not events here");
            Assert.That(bookmarks.Select(bookmark => Text(bookmark["object"], "kind")), Has.All.EqualTo("ConfigMap"));
            Assert.That(Version(bookmarks[^1]["object"]!.AsObject()), Is.EqualTo(expected));
            Assert.That(bookmarks.All(bookmark => bookmark["object"]!["data"] is null), Is.True);
        });
    }

    [Test]
    public async Task Watch_WithoutAllowWatchBookmarks_SendsNoBookmarks()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}");

        Assert.ThrowsAsync<TimeoutException>(async () => await watch.NextAsync(TimeSpan.FromMilliseconds(700)));
    }

    [Test]
    public async Task Watch_LabelSelector_ObjectLeavingTheSelectionIsDeletedAndReturningIsAdded()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a", labels: new JsonObject { ["app"] = "dns" }));
        await using var watch = await WatchStream.OpenAsync(Http.Client,
            $"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}&labelSelector=app%3Ddns");

        await Http.PatchAsync(ConfigMaps + "/a", "application/merge-patch+json", """{"data":{"key":"1"}}""");
        await Http.PatchAsync(ConfigMaps + "/a", "application/merge-patch+json", """{"metadata":{"labels":{"app":"web"}}}""");
        await Http.PatchAsync(ConfigMaps + "/a", "application/merge-patch+json", """{"data":{"key":"2"}}""");
        await Http.PatchAsync(ConfigMaps + "/a", "application/merge-patch+json", """{"metadata":{"labels":{"app":"dns"}}}""");
        var events = await watch.TakeChangesAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(WatchStream.TypeOf), Is.EqualTo(new[] { "MODIFIED", "DELETED", "ADDED" }));
            Assert.That(Text(events[1]["object"], "metadata.labels.app"), Is.EqualTo("dns"), "DELETED carries the last matching content");
            Assert.That(Text(events[2]["object"], "data.key"), Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Watch_FieldSelectorOnName_SeesOnlyThatObject()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client,
            $"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}&fieldSelector=metadata.name%3Dwanted");
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("other"));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("wanted"));

        var first = await watch.NextChangeAsync();

        Assert.That(WatchStream.NameOf(first!), Is.EqualTo("wanted"));
    }

    [Test]
    public async Task Watch_NamespacedPath_IgnoresOtherNamespaces()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}");
        await Http.CreateAsync("/api/v1/namespaces/kube-system/configmaps", Objects.ConfigMap("elsewhere"));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("here"));

        Assert.That(WatchStream.NameOf((await watch.NextChangeAsync())!), Is.EqualTo("here"));
    }

    [Test]
    public async Task Watch_LegacyWatchPath_WatchesOneObject()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client,
            $"/api/v1/watch/namespaces/default/configmaps/one?resourceVersion={Server.ResourceVersion}");
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("two"));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("one"));

        Assert.That(WatchStream.NameOf((await watch.NextChangeAsync())!), Is.EqualTo("one"));
    }

    [Test]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&timeoutSeconds=1&resourceVersion={Server.ResourceVersion}");

        Assert.That(await watch.NextAsync(TimeSpan.FromSeconds(5)), Is.Null);
    }

    [Test]
    public async Task DropWatches_EndsOpenStreams()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}");
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a"));
        await watch.NextChangeAsync();

        Server.DropWatches();

        Assert.That(await watch.NextAsync(TimeSpan.FromSeconds(5)), Is.Null);
    }

    [Test]
    public async Task Watch_SendInitialEvents_EndsInitialStateWithAnnotatedBookmark()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a"));
        await using var watch = await WatchStream.OpenAsync(Http.Client,
            $"{ConfigMaps}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan");

        var added = await watch.NextAsync();
        var bookmark = await watch.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(WatchStream.TypeOf(added!), Is.EqualTo("ADDED"));
            Assert.That(WatchStream.TypeOf(bookmark!), Is.EqualTo("BOOKMARK"));
            Assert.That(bookmark!["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>(), Is.EqualTo("true"));
        });
    }

    [Test]
    public async Task Watch_ConcurrentWriters_EveryWatcherSeesEveryEventInResourceVersionOrder()
    {
        const int writers = 4;
        const int perWriter = 25;
        var start = Server.ResourceVersion;
        var watches = new List<WatchStream>();
        for (var i = 0; i < 3; i++)
        {
            watches.Add(await WatchStream.OpenAsync(Http.Client, $"{ConfigMaps}?watch=true&resourceVersion={start}"));
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    await Http.CreateAsync(ConfigMaps, Objects.ConfigMap($"w{writer}-{i}"));
                }
            })));

            foreach (var watch in watches)
            {
                var events = await watch.TakeChangesAsync(writers * perWriter);
                var versions = events.Select(change => Version(change["object"]!.AsObject())).ToList();
                Assert.That(versions, Is.Ordered.Ascending);
                Assert.That(events.Select(WatchStream.NameOf).Distinct().Count(), Is.EqualTo(writers * perWriter));
            }
        }
        finally
        {
            foreach (var watch in watches)
            {
                await watch.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Watch_ResourceVersionFromTheFuture_Returns504()
    {
        var response = await Http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion + 10}");

        Assert.That(response.Code, Is.EqualTo(504));
    }

    [Test]
    public async Task Watch_AllNamespaces_SeesEveryNamespace()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client, $"/api/v1/configmaps?watch=true&resourceVersion={Server.ResourceVersion}");
        await Http.CreateAsync("/api/v1/namespaces/kube-system/configmaps", Objects.ConfigMap("a"));
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("b"));

        var events = await watch.TakeChangesAsync(2);

        Assert.That(events.Select(change => Text(change["object"], "metadata.namespace")), Is.EqualTo(new[] { "kube-system", "default" }));
    }

    [Test]
    public async Task Watch_AsTable_SendsOneRowTablesAsKubectlGetWatchExpects()
    {
        await using var watch = await WatchStream.OpenAsync(Http.Client,
            $"{ConfigMaps}?watch=true&resourceVersion={Server.ResourceVersion}", "application/json;as=Table;v=v1;g=meta.k8s.io");
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("a"));

        var added = (await watch.NextChangeAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(Text(added["object"], "kind"), Is.EqualTo("Table"));
            Assert.That(added["object"]!["rows"]![0]!["cells"]![0]!.GetValue<string>(), Is.EqualTo("a"));
        });
    }

    [Test]
    public async Task Watch_PodsByNodeName_FollowsSchedulingTransitions()
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "dns-1" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }) },
        };
        await Http.CreateAsync("/api/v1/namespaces/default/pods", pod);
        await using var watch = await WatchStream.OpenAsync(Http.Client,
            $"/api/v1/pods?watch=true&resourceVersion={Server.ResourceVersion}&fieldSelector=spec.nodeName%3Dnode-1");

        await Http.PatchAsync("/api/v1/namespaces/default/pods/dns-1", "application/strategic-merge-patch+json", """{"spec":{"nodeName":"node-1"}}""");
        var scheduled = (await watch.NextChangeAsync())!;

        Assert.That(WatchStream.TypeOf(scheduled), Is.EqualTo("ADDED"));
        Assert.That(Text(scheduled["object"], "spec.nodeName"), Is.EqualTo("node-1"));
    }
}
