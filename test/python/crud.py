# Create, list, get, patch (strategic merge and JSON patch), scale and delete across core and apps.
import sys

from kubernetes import client

from common import api_client, report

ns = sys.argv[1]
api = api_client()
core = client.CoreV1Api(api)
apps = client.AppsV1Api(api)
out = {}

core.create_namespaced_service(ns, client.V1Service(
    metadata=client.V1ObjectMeta(name="web", labels={"app": "web"}),
    spec=client.V1ServiceSpec(selector={"app": "web"}, ports=[client.V1ServicePort(port=80, target_port=8080)])))
svc = core.read_namespaced_service("web", ns)
out["serviceClusterIP"] = bool(svc.spec.cluster_ip)
out["serviceTargetPort"] = svc.spec.ports[0].target_port

container = client.V1Container(name="web", image="nginx:1.25")
template = client.V1PodTemplateSpec(metadata=client.V1ObjectMeta(labels={"app": "web"}), spec=client.V1PodSpec(containers=[container]))
apps.create_namespaced_deployment(ns, client.V1Deployment(
    metadata=client.V1ObjectMeta(name="web", labels={"app": "web"}),
    spec=client.V1DeploymentSpec(replicas=1, selector=client.V1LabelSelector(match_labels={"app": "web"}), template=template)))
listed = apps.list_namespaced_deployment(ns, label_selector="app=web")
out["listed"] = [d.metadata.name for d in listed.items]
out["allNamespaces"] = "web" in [d.metadata.name for d in apps.list_deployment_for_all_namespaces().items if d.metadata.namespace == ns]

# A dict body is sent as a strategic merge patch: the container list is merged by name.
apps.patch_namespaced_deployment("web", ns, {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}})
# A list body is a JSON patch.
apps.patch_namespaced_deployment("web", ns, [{"op": "add", "path": "/metadata/labels/tier", "value": "front"}])
d = apps.read_namespaced_deployment("web", ns)
out["image"] = d.spec.template.spec.containers[0].image
out["labels"] = d.metadata.labels
out["generation"] = d.metadata.generation

apps.patch_namespaced_deployment_scale("web", ns, {"spec": {"replicas": 3}})
out["scaled"] = apps.read_namespaced_deployment_scale("web", ns).spec.replicas

apps.delete_namespaced_deployment("web", ns)
core.delete_namespaced_service("web", ns)
try:
    apps.read_namespaced_deployment("web", ns)
    out["gone"] = False
except client.exceptions.ApiException as e:
    out["gone"] = e.status == 404
report(out)
