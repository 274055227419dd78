# Discovery through the Python client: the core and apps APIResourceLists (storageVersionHash) and
# the APIGroupList.
from kubernetes import client

from common import api_client, report

api = api_client()
core = {r.name: r.storage_version_hash for r in client.CoreV1Api(api).get_api_resources().resources}
apps = {r.name: r.storage_version_hash for r in client.AppsV1Api(api).get_api_resources().resources}
groups = [g.name for g in client.ApisApi(api).get_api_versions().groups]
report({"pods": core.get("pods"), "podsStatus": core.get("pods/status"), "deployments": apps.get("deployments"), "hasApps": "apps" in groups})
