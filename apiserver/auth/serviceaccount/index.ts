// ServiceAccount credentials: JWT signing/verification, the TokenRequest subresource, the token
// authenticator and the ServiceAccount admission plugin.
export { loadSigningKey, loadVerifyKeys, signJwt, peekClaims, verifyJwt, keyId, type SigningKey, type VerifyKey, type JwtClaims, type VerifyResult } from './jwt.js';
export { defaultIssuer, issueToken, tokenClaims, serviceAccountUser, serviceAccountTokenAuthenticator, type VerifierOptions } from './tokens.js';
export { answerTokenRequest, type TokenRequestDeps } from './token-request.js';
export { serviceAccountAdmission, kubeAPIAccessVolume, serviceAccountMountPath, type ServiceAccountAdmissionDeps } from './admission.js';
