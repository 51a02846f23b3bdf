export { BatchAdmissionPolicy, type BatchAdmissionPolicyProps, type AdmissionNamespaceSelector } from './batch-admission-policy';
export { AdmissionEnforcement } from './policy-objects';
