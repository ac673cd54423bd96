"""Open a targeting GeoPackage and a FlatGeobuf with its sidecar .qml in
QGIS (headless) and report what a GIS officer would see: per layer the
renderer, whether labels are on and on which field, a field alias, the
licences and rights in the layer metadata, and the feature count.

    QT_QPA_PLATFORM=offscreen python3 qgis_check.py FILE.gpkg FILE_areas.fgb

Prints one JSON object. Written for QGIS >= 3.28; CI does not install QGIS
(see .ci/allowed-skips), so this runs where QGIS is installed.
"""
import json
import os
import sys

from qgis.core import QgsApplication, QgsVectorLayer

gpkg, fgb = sys.argv[1:3]
app = QgsApplication([], False)
app.initQgis()


def describe(layer):
    if not layer.isValid():
        return {"error": "did not load"}
    renderer = layer.renderer()
    labeling = layer.labeling()
    fields = layer.fields()
    meta = layer.metadata()
    return {
        "renderer": renderer.type(),
        "labels_on": bool(layer.labelsEnabled()),
        "label_field": labeling.settings().fieldName if labeling is not None else None,
        "aliases": {f.name(): f.alias() for f in fields if f.alias()},
        "licenses": list(meta.licenses()),
        "rights": list(meta.rights()),
        "title": meta.title(),
        "features": layer.featureCount(),
    }


out = {}
for name in ("wards", "areas"):
    out[name] = describe(QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr"))
# QGIS loads a same-name .qml beside a file as its default style.
fgb_layer = QgsVectorLayer(fgb, "fgb", "ogr")
message, ok = fgb_layer.loadDefaultStyle()
out["fgb"] = describe(fgb_layer)
out["fgb"]["default_style_loaded"] = bool(ok)
print(json.dumps(out), flush=True)
# QGIS can crash while tearing down in a standalone script; the work is done.
os._exit(0)
