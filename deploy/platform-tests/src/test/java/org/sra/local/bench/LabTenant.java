package org.sra.local.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.sra.fixtures.ad.DemoDirectory;

/**
 * One tenant set up through the gateway as the administrator guide goes: the operator creates
 * it and registers its headend, its admin points it at the demo directory, adds VPN users with
 * the picker, registers devices and assigns them. Admin calls use a token minted with the
 * stack's key ({@link org.sra.local.DemoTokens#admin}), as {@code LocalStackIntegrationTests} does.
 */
public final class LabTenant {

    private final Lab lab;
    private final Api api;
    private final String id;
    private final String name;
    private final String admin;

    private LabTenant(Lab lab, String id, String name) {
        this.lab = lab;
        this.api = lab.gateway();
        this.id = id;
        this.name = name;
        this.admin = lab.tokens().admin(id);
    }

    /** The operator creates the tenant (R-OPS-1). */
    public static LabTenant create(Lab lab, String name, int devicesPerUser, String vpnPool) {
        JsonNode created = lab.gateway().post("/api/operator/tenants", lab.tokens().operator(),
                Map.of("name", name, "devicesPerUser", devicesPerUser, "vpnPool", vpnPool)).expectOk().json();
        return new LabTenant(lab, created.path("tenantId").asText(), name);
    }

    /** A tenant that already exists (created elsewhere). */
    public static LabTenant existing(Lab lab, String tenantId, String name) {
        return new LabTenant(lab, tenantId, name);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String adminToken() {
        return admin;
    }

    public Api api() {
        return api;
    }

    /** The operator registers this tenant's headend (R-OPS-2); radclient on this machine sends from 127.0.0.1. */
    public void registerNasClient(String address, String sharedSecret) {
        api.post("/api/operator/tenants/" + id + "/nas-clients", lab.tokens().operator(),
                Map.of("name", "lab headend", "address", address, "sharedSecret", sharedSecret)).expectOk();
    }

    /** 全体設定: Active Directory = the stack's demo directory (verified by directory-service before it is saved). */
    public void useDemoDirectory() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("primaryHost", "dc01");
        form.put("primaryIp", "127.0.0.1");
        form.put("domain", DemoDirectory.DOMAIN);
        form.put("adminUser", DemoDirectory.ADMINISTRATOR);
        form.put("adminPassword", DemoDirectory.ADMINISTRATOR_PASSWORD);
        form.put("netbiosDomain", DemoDirectory.NETBIOS_DOMAIN);
        form.put("transport", "PLAIN");
        api.put("/api/settings/active-directory", admin, form).expectOk();
    }

    /** A VPN user as directory-service answered when it was added. */
    public record VpnUser(String userId, String userName, String mail) {
    }

    /** ユーザ設定 → ユーザ追加: the picker with these names moved to 追加するユーザ. */
    public List<VpnUser> addUsers(List<String> userNames) {
        return users(api.post("/api/vpn-users", admin, Map.of("userNames", userNames)).expectOk());
    }

    /** The picker's 「検索結果のすべてを追加」: every directory user matching {@code query}, in one request. */
    public Api.Answer addAllMatching(String query) {
        return api.post("/api/vpn-users", admin, Map.of("all", true, "query", query));
    }

    public static List<VpnUser> users(Api.Answer added) {
        List<VpnUser> users = new ArrayList<>();
        for (JsonNode user : added.json()) {
            users.add(new VpnUser(user.path("userId").asText(), user.path("userName").asText(), user.path("mail").asText()));
        }
        return users;
    }

    /** デバイス設定 → デバイス追加: a Windows device; without device authentication the user alone proves it. */
    public String createDevice(String deviceName) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("name", deviceName);
        draft.put("connectionAllowed", true);
        draft.put("type", "WINDOWS");
        draft.put("deviceAuth", false);
        return api.post("/api/devices", admin, draft).expectOk().json().path("id").asText();
    }

    /** デバイス割当 → 適用: the user's devices become exactly these. */
    public Api.Answer assign(String userId, List<String> deviceIds) {
        return api.put("/api/assignments/" + userId, admin, Map.of("deviceIds", deviceIds));
    }

    /** デバイス設定 → CSV import (commit). */
    public Api.Answer importDevices(byte[] csv) {
        return api.postCsv("/api/devices/csv/import", admin, csv);
    }

    /** Waits until device-service knows the user (its {@code VpnUserAdded} arrived), so it can be assigned. */
    public void awaitKnownToDeviceService(String userId, Duration within) {
        Waits.until("device-service knows VPN user " + userId, within,
                () -> api.get("/api/assignments/" + userId, admin).ok());
    }
}
