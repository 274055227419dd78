# Create, list, watch, patch and delete across the groups issue 13 serves: batch (Job, CronJob), apps
# (StatefulSet, DaemonSet), policy (PodDisruptionBudget), networking (Ingress, NetworkPolicy), storage
# (StorageClass), autoscaling/v1 (HorizontalPodAutoscaler) and core (PersistentVolumeClaim, ResourceQuota).
import sys

from kubernetes import client, watch

from common import api_client, report

ns = sys.argv[1]
api = api_client()
core = client.CoreV1Api(api)
apps = client.AppsV1Api(api)
batch = client.BatchV1Api(api)
policy = client.PolicyV1Api(api)
net = client.NetworkingV1Api(api)
storage = client.StorageV1Api(api)
hpa_v1 = client.AutoscalingV1Api(api)
out = {}


def template(app):
    return client.V1PodTemplateSpec(
        metadata=client.V1ObjectMeta(labels={"app": app}),
        spec=client.V1PodSpec(restart_policy="Never" if app == "job" else None, containers=[client.V1Container(name="c", image="busybox")]))


# batch/v1 Job: a watch from the list's resourceVersion sees the creation; defaults as Kubernetes.
rv = batch.list_namespaced_job(ns).metadata.resource_version
batch.create_namespaced_job(ns, client.V1Job(metadata=client.V1ObjectMeta(name="pi"), spec=client.V1JobSpec(template=template("job"))))
w = watch.Watch()
seen = []
for ev in w.stream(batch.list_namespaced_job, ns, resource_version=rv, timeout_seconds=5):
    seen.append([ev["type"], ev["object"].metadata.name])
    w.stop()
out["jobWatch"] = seen
job = batch.read_namespaced_job("pi", ns)
out["jobDefaults"] = [job.spec.backoff_limit, job.spec.completions, job.spec.parallelism, job.spec.completion_mode]
out["jobSelector"] = sorted(job.spec.selector.match_labels.keys())
batch.patch_namespaced_job("pi", ns, {"spec": {"parallelism": 2}})
out["jobParallelism"] = batch.read_namespaced_job("pi", ns).spec.parallelism
batch.delete_namespaced_job("pi", ns, propagation_policy="Background")

# batch/v1 CronJob
batch.create_namespaced_cron_job(ns, client.V1CronJob(
    metadata=client.V1ObjectMeta(name="tick"),
    spec=client.V1CronJobSpec(schedule="*/5 * * * *", job_template=client.V1JobTemplateSpec(spec=client.V1JobSpec(template=template("job"))))))
batch.patch_namespaced_cron_job("tick", ns, [{"op": "replace", "path": "/spec/suspend", "value": True}])
cj = batch.read_namespaced_cron_job("tick", ns)
out["cronJob"] = [cj.spec.schedule, cj.spec.suspend, cj.spec.concurrency_policy, cj.spec.successful_jobs_history_limit, cj.spec.failed_jobs_history_limit]
try:
    batch.create_namespaced_cron_job(ns, client.V1CronJob(
        metadata=client.V1ObjectMeta(name="bad"),
        spec=client.V1CronJobSpec(schedule="every minute", job_template=client.V1JobTemplateSpec(spec=client.V1JobSpec(template=template("job"))))))
    out["badSchedule"] = None
except client.exceptions.ApiException as e:
    out["badSchedule"] = e.status

# apps/v1 StatefulSet (scale subresource) and DaemonSet
apps.create_namespaced_stateful_set(ns, client.V1StatefulSet(
    metadata=client.V1ObjectMeta(name="db"),
    spec=client.V1StatefulSetSpec(service_name="db", selector=client.V1LabelSelector(match_labels={"app": "db"}), template=template("db"))))
apps.patch_namespaced_stateful_set_scale("db", ns, {"spec": {"replicas": 3}})
sts = apps.read_namespaced_stateful_set("db", ns)
out["statefulSet"] = [sts.spec.replicas, sts.spec.pod_management_policy, sts.spec.update_strategy.type]
apps.create_namespaced_daemon_set(ns, client.V1DaemonSet(
    metadata=client.V1ObjectMeta(name="agent"),
    spec=client.V1DaemonSetSpec(selector=client.V1LabelSelector(match_labels={"app": "agent"}), template=template("agent"))))
out["daemonSets"] = [d.metadata.name for d in apps.list_namespaced_daemon_set(ns).items]

# policy/v1, networking.k8s.io/v1, storage.k8s.io/v1, autoscaling/v1
policy.create_namespaced_pod_disruption_budget(ns, client.V1PodDisruptionBudget(
    metadata=client.V1ObjectMeta(name="db"), spec=client.V1PodDisruptionBudgetSpec(min_available=1, selector=client.V1LabelSelector(match_labels={"app": "db"}))))
out["pdb"] = policy.read_namespaced_pod_disruption_budget("db", ns).spec.min_available
net.create_namespaced_ingress(ns, client.V1Ingress(
    metadata=client.V1ObjectMeta(name="web"),
    spec=client.V1IngressSpec(rules=[client.V1IngressRule(host="web.example", http=client.V1HTTPIngressRuleValue(paths=[
        client.V1HTTPIngressPath(path="/", path_type="Prefix", backend=client.V1IngressBackend(service=client.V1IngressServiceBackend(name="web", port=client.V1ServiceBackendPort(number=80))))]))])))
out["ingressHosts"] = [r.host for r in net.read_namespaced_ingress("web", ns).spec.rules]
net.create_namespaced_network_policy(ns, client.V1NetworkPolicy(
    metadata=client.V1ObjectMeta(name="deny"), spec=client.V1NetworkPolicySpec(pod_selector=client.V1LabelSelector())))
out["policyTypes"] = net.read_namespaced_network_policy("deny", ns).spec.policy_types
storage.create_storage_class(client.V1StorageClass(metadata=client.V1ObjectMeta(name=ns + "-sc"), provisioner="example.com/x"))
sc = storage.read_storage_class(ns + "-sc")
out["storageClass"] = [sc.reclaim_policy, sc.volume_binding_mode]
storage.delete_storage_class(ns + "-sc")
hpa_v1.create_namespaced_horizontal_pod_autoscaler(ns, client.V1HorizontalPodAutoscaler(
    metadata=client.V1ObjectMeta(name="db"),
    spec=client.V1HorizontalPodAutoscalerSpec(max_replicas=5, target_cpu_utilization_percentage=60,
                                              scale_target_ref=client.V1CrossVersionObjectReference(api_version="apps/v1", kind="StatefulSet", name="db"))))
h = hpa_v1.read_namespaced_horizontal_pod_autoscaler("db", ns)
out["hpa"] = [h.spec.min_replicas, h.spec.max_replicas, h.spec.target_cpu_utilization_percentage]

# core/v1 PersistentVolumeClaim and ResourceQuota
core.create_namespaced_persistent_volume_claim(ns, client.V1PersistentVolumeClaim(
    metadata=client.V1ObjectMeta(name="data"),
    spec=client.V1PersistentVolumeClaimSpec(access_modes=["ReadWriteOnce"], resources=client.V1ResourceRequirements(requests={"storage": "1Gi"}))))
pvc = core.read_namespaced_persistent_volume_claim("data", ns)
out["pvc"] = [pvc.spec.volume_mode, pvc.status.phase]
core.create_namespaced_resource_quota(ns, client.V1ResourceQuota(metadata=client.V1ObjectMeta(name="q"), spec=client.V1ResourceQuotaSpec(hard={"pods": "10"})))
out["quota"] = core.read_namespaced_resource_quota("q", ns).spec.hard

for delete in [lambda: batch.delete_namespaced_cron_job("tick", ns), lambda: apps.delete_namespaced_stateful_set("db", ns),
               lambda: apps.delete_namespaced_daemon_set("agent", ns), lambda: policy.delete_namespaced_pod_disruption_budget("db", ns),
               lambda: net.delete_namespaced_ingress("web", ns), lambda: net.delete_namespaced_network_policy("deny", ns),
               lambda: hpa_v1.delete_namespaced_horizontal_pod_autoscaler("db", ns), lambda: core.delete_namespaced_persistent_volume_claim("data", ns),
               lambda: core.delete_namespaced_resource_quota("q", ns)]:
    delete()
out["left"] = len(batch.list_namespaced_cron_job(ns).items) + len(apps.list_namespaced_stateful_set(ns).items) + len(net.list_namespaced_ingress(ns).items)
report(out)
