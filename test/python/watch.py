# Watches with the Python client (it sends watch=True): a stream that sees the objects created after
# a list, then one resumed from a resourceVersion that sees only what came later.
import sys

from kubernetes import client, watch

from common import api_client, report

ns = sys.argv[1]
core = client.CoreV1Api(api_client())


def cm(name):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"k": name})


core.create_namespaced_config_map(ns, cm("before"))
listed = core.list_namespaced_config_map(ns)
start_rv = listed.metadata.resource_version
created = core.create_namespaced_config_map(ns, cm("after"))

events = []
for ev in watch.Watch().stream(core.list_namespaced_config_map, ns, resource_version=start_rv, timeout_seconds=5):
    events.append([ev["type"], ev["object"].metadata.name])
    if ev["object"].metadata.name == "after":
        break

# Resume from the creation's resourceVersion: only the later patch and delete are seen.
core.patch_namespaced_config_map("after", ns, {"data": {"k": "changed"}})
core.delete_namespaced_config_map("after", ns)
resumed = []
for ev in watch.Watch().stream(core.list_namespaced_config_map, ns, resource_version=created.metadata.resource_version, timeout_seconds=5):
    resumed.append([ev["type"], ev["object"].metadata.name, (ev["object"].data or {}).get("k")])
    if ev["type"] == "DELETED":
        break

report({"events": events, "resumed": resumed})
