// The namespace controller (deletes a terminating namespace's content, then finalizes it).
export { NamespaceController, KubernetesFinalizer, namespacedResources, type NamespaceOptions } from './controller.js';
