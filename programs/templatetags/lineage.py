"""`{% lineage_picture program %}`: a small SVG of a program's lineage (modeled on, similar to,
spread to) on a program page.

Reads only what the program page has fetched, as Program.objects.for_detail() gives it: the
public program it was modeled on and the public programs modeled on it.
"""

from django import template

register = template.Library()

BOX_HEIGHT = 46
GAP = 34  # room for the arrow between two boxes
WIDTH = 400


@register.inclusion_tag("programs/includes/lineage_picture.html")
def lineage_picture(program):
    parent = program.public_modeled_on
    children = list(program.modeled_after_this.all())
    nodes = []
    if parent is not None:
        nodes.append({"program": parent, "current": False})
    nodes.append({"program": program, "current": True})
    nodes += [{"program": child, "current": False} for child in children]
    for index, node in enumerate(nodes):
        node["y"] = 2 + index * (BOX_HEIGHT + GAP)
        node["text_y"] = node["y"] + BOX_HEIGHT / 2 + 5
    # An arrow from each program modeled on another to the one it was modeled on.
    arrows = []
    current_index = 1 if parent is not None else 0
    if parent is not None:
        arrows.append(_arrow(nodes[1], nodes[0], program.get_lineage_display()))
    arrows += [
        _arrow(child, nodes[current_index], child["program"].get_lineage_display())
        for child in nodes[current_index + 1 :]
    ]
    return {
        # One chain (modeled on -> this -> modeled on this) reads as a picture; several programs
        # modeled on one would cross arrows, and the page's lineage list says it better.
        "show": len(nodes) > 1 and len(children) <= 1,
        "program": program,
        "parent": parent,
        "children": children,
        "nodes": nodes,
        "arrows": arrows,
        "width": WIDTH,
        "box_height": BOX_HEIGHT,
        "height": nodes[-1]["y"] + BOX_HEIGHT + 2,
    }


def _arrow(source, target, label):
    """From the top of `source` up (or down) to `target`, with the label between."""
    if source["y"] > target["y"]:
        start, end = source["y"], target["y"] + BOX_HEIGHT + 4
    else:
        start, end = source["y"] + BOX_HEIGHT, target["y"] - 4
    return {
        "x": 40,
        "y1": start,
        "y2": end,
        "label_y": (start + end) / 2 + 5,
        "label": label.lower(),
    }
