/**
 * User profiles (§4-4): one per user and assigned device, their status, their download link and
 * its history, and the admin's actions on them (R-PRO-1 … R-PRO-5).
 */
package org.sra.profile.profile;
