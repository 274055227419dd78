// CertificateSigningRequest bodies as `kubectl certificate approve|deny` PUTs them on the
// approval subresource: the whole object read back from the server, plus the new condition.
// Built with protobufjs's Writer from certificates/v1 generated.proto numbers.

import { describe, expect, it } from 'vitest';
import { bytes, envelope, int32, int64, mapStr, msg, str, sub, time } from './encode-for-tests.js';
import { decodeProtobufBody, messageFor, supportedKinds } from './index.js';

const T0 = 1_700_000_000; // 2023-11-14T22:13:20Z
const PEM = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';

// ObjectMeta as the server returned it, managedFields included.
const meta = sub(
  1,
  str(1, 'csr-a'),
  str(2, ''),
  str(3, ''),
  str(4, ''),
  str(5, 'uid-1'),
  str(6, '42'),
  int64(7, 0),
  time(8, T0),
  mapStr(12, 'note', 'x'),
  sub(17, str(1, 'kubectl-create'), str(2, 'Update'), str(3, 'certificates.k8s.io/v1'), time(4, T0), str(6, 'FieldsV1'), sub(7, bytes(1, Buffer.from('{"f:spec":{}}'))), str(8, '')),
);

const spec = sub(
  2,
  bytes(1, Buffer.from(PEM)),
  str(2, 'kubernetes-admin'),
  str(3, ''),
  str(4, 'system:masters'),
  str(4, 'system:authenticated'),
  str(5, 'digital signature'),
  str(5, 'client auth'),
  sub(6, str(1, 'example.com/scope'), sub(2, str(1, 'a'), str(1, 'b'))),
  str(7, 'kubernetes.io/kube-apiserver-client'),
  int32(8, 3600),
);

const condition = (type: string, reason: string, message: string): ReturnType<typeof sub> =>
  sub(1, str(1, type), str(2, reason), str(3, message), time(4, T0 + 60), sub(5), str(6, 'True'));

describe('decodeProtobufBody: CertificateSigningRequest', () => {
  it('is a supported kind in certificates.k8s.io/v1 only', () => {
    expect(messageFor('certificates.k8s.io/v1', 'CertificateSigningRequest')).toBe('CertificateSigningRequest');
    expect(messageFor('certificates.k8s.io/v1beta1', 'CertificateSigningRequest')).toBeUndefined();
    expect(supportedKinds()).toContainEqual({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest' });
  });

  it('decodes the approval body kubectl sends', () => {
    const raw = msg(meta, spec, sub(3, condition('Approved', 'KubectlApprove', 'This CSR was approved by kubectl certificate approve.')));
    expect(decodeProtobufBody(envelope('certificates.k8s.io/v1', 'CertificateSigningRequest', raw)).object).toEqual({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: {
        name: 'csr-a',
        uid: 'uid-1',
        resourceVersion: '42',
        creationTimestamp: '2023-11-14T22:13:20Z',
        annotations: { note: 'x' },
        managedFields: [
          { manager: 'kubectl-create', operation: 'Update', apiVersion: 'certificates.k8s.io/v1', time: '2023-11-14T22:13:20Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
        ],
      },
      spec: {
        request: Buffer.from(PEM).toString('base64'),
        signerName: 'kubernetes.io/kube-apiserver-client',
        expirationSeconds: 3600,
        usages: ['digital signature', 'client auth'],
        username: 'kubernetes-admin',
        groups: ['system:masters', 'system:authenticated'],
        extra: { 'example.com/scope': ['a', 'b'] },
      },
      status: {
        conditions: [
          {
            type: 'Approved',
            status: 'True',
            reason: 'KubectlApprove',
            message: 'This CSR was approved by kubectl certificate approve.',
            lastUpdateTime: '2023-11-14T22:14:20Z',
          },
        ],
      },
    });
  });

  it('decodes an issued certificate and several conditions in order', () => {
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n');
    const raw = msg(
      sub(1, str(1, 'csr-b')),
      sub(2, bytes(1, Buffer.from(PEM)), str(7, 'example.com/signer')),
      sub(3, condition('Approved', 'AutoApproved', ''), condition('Failed', 'SignerError', 'boom'), bytes(2, cert)),
    );
    const got = decodeProtobufBody(envelope('certificates.k8s.io/v1', 'CertificateSigningRequest', raw)).object;
    expect(got.spec).toEqual({ request: Buffer.from(PEM).toString('base64'), signerName: 'example.com/signer' });
    expect(got.status).toEqual({
      conditions: [
        { type: 'Approved', status: 'True', reason: 'AutoApproved', lastUpdateTime: '2023-11-14T22:14:20Z' },
        { type: 'Failed', status: 'True', reason: 'SignerError', message: 'boom', lastUpdateTime: '2023-11-14T22:14:20Z' },
      ],
      certificate: cert.toString('base64'),
    });
  });

  it('keeps expirationSeconds: 0 (a pointer) when sent', () => {
    const raw = msg(sub(1, str(1, 'c')), sub(2, int32(8, 0)));
    expect(decodeProtobufBody(envelope('certificates.k8s.io/v1', 'CertificateSigningRequest', raw)).object.spec).toEqual({ expirationSeconds: 0 });
  });
});
