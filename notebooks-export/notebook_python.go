package notebooksexport

// The notebook's code cells. They run on Debian 12's Python (pandas 1.5,
// matplotlib 3.6, geopandas 0.12 with fiona) without pyarrow, and use
// pyarrow or polars when present; the constants they use come from the
// setup cell (setupSource).

const loadSource = `
def read_table(layer):
    """Return (frame, how it was read) for "areas" or "wards"."""
    feather = Path(FILES[layer + "_feather"])
    try:
        import pyarrow.feather as pa_feather
    except ImportError:
        pa_feather = None
    if pa_feather is not None:
        return pa_feather.read_table(feather).to_pandas(), f"pyarrow read {feather.name}"
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        frame = pd.DataFrame(pl.read_ipc(feather, memory_map=False).to_dict(as_series=False))
        return frame, f"polars read {feather.name}"
    # Fallback: the CSV copy, with the Arrow file's column types.
    types = DTYPES[layer]
    csv = Path(FILES[layer + "_csv"])
    frame = pd.read_csv(csv, keep_default_na=False, na_values=[""],
                        dtype={c: ("str" if t == "bool" else t) for c, t in types.items()})
    for column, t in types.items():
        if t == "bool":
            frame[column] = frame[column].map({"true": True, "false": False}).astype(bool)
    return frame, f"pandas read {csv.name} (install pyarrow or polars to read {feather.name} itself)"


areas, how = read_table("areas")
print(how)
wards, how = read_table("wards")
print(how)

# The Parquet files hold the same tables.
for layer, frame in (("areas", areas), ("wards", wards)):
    try:
        other = pd.read_parquet(FILES[layer + "_parquet"])
    except ImportError as err:
        print(f"{FILES[layer + '_parquet']} not compared: pandas has no Parquet engine ({err.__class__.__name__})")
        continue
    assert list(other.columns) == list(frame.columns), (layer, list(other.columns))
    assert len(other) == len(frame), (layer, len(other), len(frame))
    print(f"{FILES[layer + '_parquet']}: same {len(other)} rows and columns")
`

const headlineSource = `
selected = areas["selected"].astype(bool)
covered = areas.loc[selected, "population"].sum()
assert len(areas) == EXPECTED["areas"], len(areas)
assert len(wards) == EXPECTED["wards"], len(wards)
assert int(selected.sum()) == EXPECTED["areas_selected"], int(selected.sum())
assert abs(covered - EXPECTED["people_covered"]) < 0.5, covered
assert int(wards["areas_selected"].sum()) == EXPECTED["areas_selected"]
with_selected = int((wards["areas_selected"] > 0).sum())
print(f"{TITLE}: {int(selected.sum())} of {len(areas)} small areas selected ({SELECTION}),")
print(f"covering {covered:,.0f} of {areas['population'].sum():,.0f} people "
      f"({covered / areas['population'].sum():.0%}), in {with_selected} of {len(wards)} wards.")
`

const topAreasSource = `
AREA_COLUMNS = ["rank", "area_code", "area_name", "ward_name", "population", "score", "decile", "selected"]
areas.sort_values("rank")[AREA_COLUMNS].head(10).style.format({"score": "{:.1f}", "population": "{:,.0f}"}).hide(axis="index")
`

const selectedSource = `
areas[selected].sort_values("rank")[AREA_COLUMNS].style.format({"score": "{:.1f}", "population": "{:,.0f}"}).hide(axis="index")
`

const wardsSource = `
(wards.sort_values(["people_covered", "mean_score"], ascending=False)
      .style.format({"population": "{:,.0f}", "people_covered": "{:,.0f}", "mean_score": "{:.1f}"})
      .hide(axis="index"))
`

const columnsSource = `
# The same dictionary as a table, read from the run's _fields.csv.
pd.read_csv(FILES["fields"]).style.hide(axis="index")
`

const mapSource = `
%matplotlib inline
import matplotlib.pyplot as plt
import matplotlib.patheffects as patheffects
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

try:
    import geopandas as gpd
except ImportError:
    gpd = None

if FILES["gpkg"] is None:
    print("No map: this scenario has no boundaries, so no GeoPackage was written.")
elif gpd is None:
    print("No map: geopandas is not installed (Debian: apt install python3-geopandas).")
else:
    area_map = gpd.read_file(FILES["gpkg"], layer="areas")
    ward_map = gpd.read_file(FILES["gpkg"], layer="wards")
    assert len(area_map) == len(areas) and len(ward_map) == len(wards)
    cmap = ListedColormap(DECILE_COLOURS)
    norm = BoundaryNorm([d + 0.5 for d in range(0, 11)], cmap.N)
    fig, ax = plt.subplots(figsize=(10, 11))
    area_map.plot(column="decile", cmap=cmap, norm=norm, ax=ax, edgecolor=AREA_EDGE, linewidth=0.3)
    area_map[area_map["selected"].astype(bool)].plot(ax=ax, facecolor="none", edgecolor=SELECTED_OUTLINE, linewidth=1.1)
    ward_map.plot(ax=ax, facecolor="none", edgecolor=WARD_BOUNDARY, linewidth=0.7)
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for name, point in zip(ward_map["ward_name"], ward_map.geometry.representative_point()):
        ax.annotate(name, (point.x, point.y), ha="center", va="center", fontsize=6.5, path_effects=halo)
    handles = [Patch(facecolor=c, label=l) for c, l in zip(DECILE_COLOURS, DECILE_LABELS)]
    handles.append(Patch(facecolor="none", edgecolor=SELECTED_OUTLINE, label="Selected area"))
    ax.legend(handles=handles, title="Decile (1 = most in need)", loc="upper left",
              bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_title(f"{TITLE}: small areas by decile")
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.text(0.02, 0.02, "\n".join(ATTRIBUTION), fontsize=5.5, va="bottom")
    plt.show()
`

const uncertaintySource = `
if FILES["robustness"] is None:
    print("Rank intervals: not run. No robustness result was found for this scenario.")
else:
    import matplotlib.pyplot as plt

    # Only the interval columns: the file may also repeat the area's names and rank.
    robustness = pd.read_csv(FILES["robustness"], dtype={"area_code": str})[
        ["area_code", "median_rank", "rank_p05", "rank_p95", "p_selected"]]
    ranked = areas.merge(robustness, on="area_code", how="inner").sort_values("rank")
    shown = ranked.head(min(len(ranked), max(EXPECTED["areas_selected"] + 15, 30)))
    y = list(range(len(shown)))
    colours = [SELECTED_COLOUR if s else OTHER_COLOUR for s in shown["selected"].astype(bool)]
    fig, ax = plt.subplots(figsize=(9, 1.5 + 0.17 * len(shown)))
    ax.hlines(y, shown["rank_p05"], shown["rank_p95"], colors=colours, linewidth=2.2,
              label="5th to 95th percentile rank")
    ax.scatter(shown["median_rank"], y, c=colours, s=16, zorder=3, label="median rank")
    ax.scatter(shown["rank"], y, marker="|", c="black", s=60, zorder=4, label="rank in this run")
    if EXPECTED["top_k"] and EXPECTED["areas_selected"]:
        ax.axvline(EXPECTED["areas_selected"] + 0.5, color="black", linestyle="--", linewidth=0.8,
                   label="selection line")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{c}  {n}" for c, n in zip(shown["area_code"], shown["area_name"])], fontsize=6)
    ax.invert_yaxis()
    ax.set_xlabel("rank (1 = most in need); coloured = selected in this run, grey = not selected")
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title("Rank intervals of the areas at the top of the ranking")
    plt.show()
    shown[["rank", "area_code", "area_name", "ward_name", "median_rank", "rank_p05", "rank_p95",
           "p_selected", "selected"]].style.format({"p_selected": "{:.0%}"}).hide(axis="index")
`
