/**
 * How long the gateway lets in-flight requests and streams finish after SIGTERM. The Kubernetes
 * manifests size the pod's grace period from it (deploy/kubernetes, checked by a test).
 */
export const GATEWAY_DRAIN_TIMEOUT_MS = 30_000;
