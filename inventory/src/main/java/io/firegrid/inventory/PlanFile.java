package io.firegrid.inventory;

/**
 * The floor plan of one floor of a site, as the inventory names it: {@code file} is a path relative
 * to the inventory file's folder (checked to stay inside it), read and sent by {@code register}
 * (docs/floor-plans.md).
 *
 * @param building one of its site's buildings; null for the site's {@code building}
 * @param floor    the floor (basements negative: B1 is -1)
 * @param file     the image (PNG, JPEG or SVG), relative to the inventory, with {@code /} between folders
 * @param at       where it is written in the inventory, for the problems found when the file is read
 */
public record PlanFile(String building, int floor, String file, Position at) {
}
