package io.firegrid.agent.sim;

import java.io.PrintStream;

/**
 * The people and places of the demo community, created through the gateway's API so that demo
 * alarms are routed and escalated as real ones: Station East covers grid cell 1 with the demo
 * site; Station West is where an unacknowledged alarm escalates; a grid worker, a building
 * captain and the tenant's duty officer.
 */
final class DemoPlaces {

    private final DeviceRegistrar api;
    private final PrintStream out;

    DemoPlaces(DeviceRegistrar api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    void create(String tenant) throws InterruptedException {
        person(tenant, "crew-li", "Li Wei 李伟", "crew");
        person(tenant, "crew-wang", "Wang Fang 王芳", "crew");
        person(tenant, "crew-zhao", "Zhao Lei 赵磊", "crew");
        person(tenant, "grid-chen", "Chen Jing 陈静", "grid-worker");
        person(tenant, "captain-liu", "Liu Yang 刘洋", "building-captain");
        person(tenant, "duty-sun", "Sun Hao 孙浩", "duty-officer");
        // the escalation target first: a station may only name an existing station as next
        api.create("stations", "{\"tenant\":\"" + tenant + "\",\"id\":\"station-west\",\"name\":\"Station West 西区微型消防站\","
                + "\"location\":{\"lat\":31.2280,\"lon\":121.4600},\"crew\":[\"crew-zhao\"]}", "station-west");
        api.create("stations", "{\"tenant\":\"" + tenant + "\",\"id\":\"station-east\",\"name\":\"Station East 东区微型消防站\","
                + "\"location\":{\"lat\":31.2304,\"lon\":121.4737},\"crew\":[\"crew-li\",\"crew-wang\"],\"next\":\"station-west\"}",
                "station-east");
        api.create("cells", "{\"tenant\":\"" + tenant + "\",\"id\":\"cell-1\",\"station\":\"station-east\","
                + "\"gridWorkers\":[\"grid-chen\"]}", "cell-1");
        api.create("sites", "{\"tenant\":\"" + tenant + "\",\"id\":\"" + DemoDevice.SITE + "\",\"name\":\"Demo Residence 示范小区\","
                + "\"cell\":\"cell-1\",\"building\":\"7\",\"buildings\":[\"8\"],\"floors\":18,\"basementFloors\":2,"
                + "\"address\":\"上海市浦东新区金桥路88号 88 Jinqiao Rd, Pudong, Shanghai\","
                + "\"location\":{\"lat\":31.2335,\"lon\":121.5862},\"captains\":[\"captain-liu\"]}", DemoDevice.SITE);
        out.println("demo: " + DemoDevice.SITE + " is in grid cell-1, covered by Station East (escalates to Station West "
                + "and duty officer Sun Hao after 60 s without acknowledgement)");
    }

    private void person(String tenant, String id, String name, String role) throws InterruptedException {
        api.create("people", "{\"tenant\":\"" + tenant + "\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"role\":\""
                + role + "\"}", id);
    }
}
