// kube-controller-manager: the controllers, the manager that runs them and its options.
export { run, buildControllers, makeContext } from './manager.js';
export { defaultOptions, enabledControllers, parseFlags, controllerManagerFlags, ControllerNames, type ControllerName, type ControllerManagerOptions } from './options.js';
