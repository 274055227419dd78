// The certificate code (@peculiar/x509 and its ASN.1 stack, ~400 KB bundled) is only needed once a CSR
// arrives: load it then, not while the controller-manager starts (a separate chunk in the bundle).
import type * as Pki from '../../apimachinery/pki/index.js';

let loading: Promise<typeof Pki> | undefined;

export function pki(): Promise<typeof Pki> {
  loading ??= import('../../apimachinery/pki/index.js');
  return loading;
}
