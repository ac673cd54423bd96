"""Open a targeting GeoPackage layer in QGIS (headless), check that its
default style (graduated fill by decile) was applied, and render a PNG.

    QT_QPA_PLATFORM=offscreen python3 qgis_render.py FILE.gpkg LAYER OUT.png

Prints a JSON line: renderer type, classification field, number of classes,
feature count and CRS. Exit status 1 if the layer or its style did not load.
"""
import json
import os
import sys

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

path, layer_name, out = sys.argv[1:4]
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
if not layer.isValid():
    print(json.dumps({"error": "layer did not load"}))
    sys.exit(1)
# QGIS applies a GeoPackage's default layer_styles row when the layer loads.
renderer = layer.renderer()
info = {
    "renderer": renderer.type(),
    "field": getattr(renderer, "classAttribute", lambda: None)(),
    "classes": len(renderer.ranges()) if hasattr(renderer, "ranges") else 0,
    "features": layer.featureCount(),
    "crs": layer.crs().authid(),
    "colours": [r.symbol().color().name() for r in renderer.ranges()] if hasattr(renderer, "ranges") else [],
}
settings = QgsMapSettings()
settings.setLayers([layer])
settings.setExtent(layer.extent())
settings.setOutputSize(QSize(800, 900))
settings.setBackgroundColor(QColor("white"))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
job.renderedImage().save(out, "png")
print(json.dumps(info), flush=True)
# QGIS can crash while tearing down in a standalone script; the work is done,
# so leave without the teardown.
os._exit(0 if info["renderer"] == "graduatedSymbol" and info["classes"] == 10 else 1)
