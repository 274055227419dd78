// The per-kind golden harness on two kinds served before issue 13 (ConfigMap, Deployment): proves the
// harness itself and pins their round trip. New kinds get their own file per group beside this one.
import { expect } from 'vitest';
import { kindGoldens } from './harness.js';

const nameRule =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const deployment = (image: string, name = 'web', labels = 'app: web') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      containers: [{name: c, image: ${image}}]
`;

kindGoldens('core and apps kinds served before issue 13', [
  {
    resource: 'configmaps',
    manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\ndata: {a: "1"}\n',
    changed: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\ndata: {a: "2"}\n',
    patches: { strategic: '{"data":{"b":"2"}}', merge: '{"data":{"c":"3"}}', json: '[{"op":"add","path":"/data/d","value":"4"}]' },
    table: 'NAME   DATA   AGE\ndemo   1      AA\n',
    describe: ['Name:         demo', 'Namespace:    default', 'Data\n====\na:\n----\n1'],
    check: (o) => expect(o.data).toEqual({ a: '1' }),
    bad: [
      {
        title: 'invalid name',
        manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n',
        code: 422,
        reason: 'Invalid',
        message: `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${nameRule}`,
      },
      {
        title: 'invalid data key',
        manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: badkey}\ndata: {"a b": "1"}\n',
        code: 422,
        reason: 'Invalid',
        message:
          `ConfigMap "badkey" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      },
    ],
  },
  {
    resource: 'deployments',
    manifest: deployment('nginx:1.25'),
    changed: deployment('nginx:1.27'),
    patches: {
      strategic: '{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:1.26"}]}}}}',
      merge: '{"spec":{"replicas":2}}',
      json: '[{"op":"add","path":"/spec/minReadySeconds","value":3}]',
    },
    table: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/1     0            0           AA\n',
    wide: 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\nweb    0/1     0            0           AA    c            nginx:1.25   app=web\n',
    describe: ['Selector:               app=web', 'StrategyType:           RollingUpdate', 'RollingUpdateStrategy:  25% max unavailable, 25% max surge'],
    check: (o) => expect((o.spec as { strategy: unknown }).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }),
    bad: [
      {
        title: 'selector does not match the template',
        manifest: deployment('nginx', 'bad', 'app: other'),
        code: 422,
        reason: 'Invalid',
        message: 'Deployment.apps "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      },
    ],
  },
]);
