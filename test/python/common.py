# Shared set-up for the Python-client scripts: the kubeconfig from $KUBECONFIG, a result printed as
# one JSON line on stdout for the vitest side to check.
import json
import sys

from kubernetes import client, config


def api_client():
    config.load_kube_config()
    return client.ApiClient()


def report(result):
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
