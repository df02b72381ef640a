/**
 * Device-ID auto-registration, device side (R-AUT-4, R-SET-5): auth-service asks to register a
 * presented serial ID; device-service decides, registers it atomically, and answers with
 * {@code DeviceAutoRegistered} or {@code DeviceAutoRegistrationFailed} and a reason code.
 */
package org.sra.device.registration;
