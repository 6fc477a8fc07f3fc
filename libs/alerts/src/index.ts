export { signBody, verifySignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS } from './signature';
export { toSlackMessage } from './slack-message';
export { deliverAlert, renderDelivery, DeliveryError, ALERT_DELIVERY_JOB_OPTIONS, type AlertDestination } from './delivery';
