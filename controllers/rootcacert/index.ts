// root-ca-cert-publisher: ConfigMap kube-root-ca.crt (key ca.crt) in every namespace.
export { RootCACertPublisher, RootCAConfigMap, type RootCAOptions } from './controller.js';
