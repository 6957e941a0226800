package io.firegrid.inventory;

import java.util.List;

/**
 * The places, people and devices of one tenant, as an installer writes them down, with the duty
 * rosters of its stations and cells ({@link Roster}, written under each one's {@code roster:}). Immutable.
 * An inventory handed out by {@link InventoryParser} with no problems is consistent: every id is
 * unique in its list, every reference names something in the inventory, with the right role.
 */
public record Inventory(String tenant, List<Person> people, List<Station> stations, List<Cell> cells,
                        List<Site> sites, List<Device> devices, List<Roster> rosters) {

    /** An inventory without duty rosters. */
    public Inventory(String tenant, List<Person> people, List<Station> stations, List<Cell> cells, List<Site> sites,
                     List<Device> devices) {
        this(tenant, people, stations, cells, sites, devices, List.of());
    }

    public Inventory {
        rosters = List.copyOf(rosters);
        people = List.copyOf(people);
        stations = List.copyOf(stations);
        cells = List.copyOf(cells);
        sites = List.copyOf(sites);
        devices = List.copyOf(devices);
    }

    /**
     * The network {@code device} joins on its first boot: its own {@code network} over its site's;
     * null when the inventory says nothing (the installer's CLI then uses Ethernet with DHCP).
     */
    public NetworkSettings networkOf(Device device) {
        NetworkSettings site = sites.stream().filter(s -> s.id().equals(device.site())).findFirst()
                .map(Site::network).orElse(null);
        return device.network() == null ? site : device.network().over(site);
    }

    /**
     * The secondary gateway {@code device} reports to when its own does not acknowledge (dual path):
     * its own {@code secondary}, else its site's; null without one, and for a device on CoAP, whose
     * agent has one path only.
     */
    public SecondaryGateway secondaryOf(Device device) {
        if (device.transport() == Transport.COAP || device.isUitd()) {
            return null;
        }
        if (device.secondary() != null) {
            return device.secondary();
        }
        return sites.stream().filter(s -> s.id().equals(device.site())).findFirst().map(Site::secondary).orElse(null);
    }

    /** The hostname {@code device} gets on its first boot (see {@link NetworkSettings#hostname}). */
    public String hostnameOf(Device device) {
        NetworkSettings n = networkOf(device);
        return NetworkSettings.hostname(n == null ? null : n.hostname(), tenant, device.site(), device.id());
    }

    /** "3 devices, 1 site, 1 cell, 1 station, 4 people", and ", 2 rosters" when it has any */
    public String summary() {
        return count(devices.size(), "device", "devices") + ", " + count(sites.size(), "site", "sites") + ", "
                + count(cells.size(), "cell", "cells") + ", " + count(stations.size(), "station", "stations") + ", "
                + count(people.size(), "person", "people")
                + (rosters.isEmpty() ? "" : ", " + count(rosters.size(), "roster", "rosters"));
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
