// The service-account controller (a `default` ServiceAccount in every namespace).
export { ServiceAccountController, DefaultServiceAccount, type ServiceAccountOptions } from './controller.js';
