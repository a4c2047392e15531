"""Anny body: phenotype, posing through bone world orientations, colours, joints."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tools.synth.pose import (
    SIDES,
    Segment,
    axis_rotation,
    build_segments,
    neutral_rotation,
    segment_orientations,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache" / "anny"

# Rig joints reported in the truth (name -> anny bone whose head is the joint centre).
JOINT_BONES: dict[str, str] = {
    "pelvis": "root",
    "c7": "neck01",
    "skull_base": "head",
}
for _side, _s in (("left", ".L"), ("right", ".R")):
    JOINT_BONES |= {
        f"{_side}_shoulder": f"upperarm01{_s}",
        f"{_side}_elbow": f"lowerarm01{_s}",
        f"{_side}_wrist": f"wrist{_s}",
        f"{_side}_hip": f"upperleg01{_s}",
        f"{_side}_knee": f"lowerleg01{_s}",
        f"{_side}_ankle": f"foot{_s}",
        f"{_side}_toe": f"toe3-1{_s}",
    }


@dataclass(frozen=True)
class Colours:
    """Flat RGB colours (0-255) of the body regions."""

    skin: tuple[int, int, int] = (224, 172, 140)
    shirt: tuple[int, int, int] = (40, 90, 160)
    trousers: tuple[int, int, int] = (50, 50, 60)
    shoes: tuple[int, int, int] = (230, 230, 230)
    hair: tuple[int, int, int] = (60, 40, 25)
    long_sleeves: bool = False
    shorts: bool = False


@dataclass(frozen=True)
class Phenotype:
    """Anny phenotype parameters, each in [0, 1].

    ``gender`` 0 = male, 1 = female; ``age`` 0.667 = young adult, 1 = old.
    """

    gender: float = 0.0
    age: float = 0.7
    muscle: float = 0.5
    weight: float = 0.5
    height: float = 0.4
    proportions: float = 0.5

    def as_kwargs(self) -> dict[str, float]:
        """Return the phenotype as anny ``phenotype_kwargs``."""
        return {k: float(v) for k, v in self.__dict__.items()}


@dataclass
class Posed:
    """A posed body in world coordinates (m, z up, floor at z = 0)."""

    vertices: np.ndarray  # (V, 3) m
    joints: dict[str, np.ndarray]  # rig joint centres, m
    keypoints: dict[str, np.ndarray]  # anny's COCO-style surface keypoints, m
    extra: dict[str, Any] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def load_model() -> Any:
    """Load the anny model once (builds a ~800 MB cache on first use).

    Returns
    -------
    anny.Anny
        The full-body model (default rig and topology).
    """
    os.environ.setdefault("ANNY_CACHE_DIR", str(DEFAULT_CACHE_DIR))
    import anny
    import anny.paths

    anny.paths.set_anny_cache_path(os.environ["ANNY_CACHE_DIR"])
    model = anny.Anny()
    model.eval()
    return model


def _bone_segment_index(labels: list[str], parents: list[int], segments: Mapping[str, Segment]) -> list[str]:
    start = {seg.bone: name for name, seg in segments.items()}
    owner: list[str] = []
    for i in range(len(labels)):
        j = i
        while labels[j] not in start:
            j = parents[j]
        owner.append(start[labels[j]])
    return owner


class Body:
    """One subject: an anny phenotype that can be posed by clinical angles.

    Parameters
    ----------
    phenotype : Phenotype
        Body shape.
    colours : Colours
        Clothing and skin colours.
    carrying_abduction_deg : float
        Abduction (deg) of the "arm at the side" neutral pose, see
        :func:`tools.synth.pose.build_segments`.
    """

    def __init__(
        self,
        phenotype: Phenotype,
        colours: Colours,
        carrying_abduction_deg: float = 8.0,
    ) -> None:
        import anny
        import torch

        self.phenotype = phenotype
        self.colours = colours
        self.model = load_model()
        self.labels: list[str] = list(self.model.bone_labels)
        self.parents: list[int] = [int(p) for p in self.model.bone_parents]
        self.segments = build_segments(carrying_abduction_deg)
        self.bone_segment = _bone_segment_index(self.labels, self.parents, self.segments)
        with torch.no_grad():
            rest = self.model(phenotype_kwargs=phenotype.as_kwargs())
        self.rest_poses = rest["rest_bone_poses"][0].double().numpy()
        heads = self.rest_poses[:, :3, 3]
        self.neutral: dict[str, np.ndarray] = {}
        for name, seg in self.segments.items():
            if seg.neutral_dir is None or seg.distal_bone is None:
                self.neutral[name] = np.eye(3)
                continue
            d = heads[self.labels.index(seg.distal_bone)] - heads[self.labels.index(seg.bone)]
            self.neutral[name] = neutral_rotation(d, np.array(seg.neutral_dir))

        # Neutral trunk: the hip-centre -> shoulder-centre line vertical in the
        # sagittal plane (anny's rest spine is ~2-3 deg off), so that shoulder and
        # hip flexion set here equal the angles to the hip-shoulder line.
        def mid(bone: str) -> np.ndarray:
            return (heads[self.labels.index(f"{bone}.L")] + heads[self.labels.index(f"{bone}.R")]) / 2

        trunk = mid("upperarm01") - mid("upperleg01")
        self.neutral["trunk"] = axis_rotation("x", float(np.arctan2(trunk[1], trunk[2])))
        self.keypoint_regressor = anny.KeypointsRegressor.coco(self.model)
        self.faces = self.model.get_triangular_faces().numpy()
        self.vertex_colours = self._vertex_colours(rest["rest_vertices"][0].numpy())
        idx = self.model.vertex_bone_indices.numpy()
        dominant = idx[np.arange(len(idx)), np.argmax(self.model.vertex_bone_weights.numpy(), axis=1)]
        self.vertex_segment = np.array([self.bone_segment[b] for b in dominant])
        neutral = self.pose({})
        self.standing_height_m = float(np.ptp(neutral.vertices[:, 2]))

    def _vertex_colours(self, rest_vertices: np.ndarray) -> np.ndarray:
        idx = self.model.vertex_bone_indices.numpy()
        w = self.model.vertex_bone_weights.numpy()
        dominant = idx[np.arange(len(idx)), np.argmax(w, axis=1)]
        names = [self.labels[b] for b in dominant]
        c = self.colours
        out = np.empty((len(names), 4), np.uint8)
        out[:, 3] = 255
        head_z = self.rest_poses[self.labels.index("head"), 2, 3]
        eye_z = self.rest_poses[self.labels.index("eye.L"), 2, 3]
        eye_y = self.rest_poses[self.labels.index("eye.L"), 1, 3]
        for i, n in enumerate(names):
            v = rest_vertices[i]
            if n.startswith(("foot", "toe")):
                col = c.shoes
            elif n.startswith(("upperleg", "pelvis", "root")) or (n.startswith("lowerleg") and not c.shorts):
                col = c.trousers
            elif n.startswith(("spine", "clavicle", "shoulder", "upperarm")) or (
                n.startswith("lowerarm") and c.long_sleeves
            ):
                col = c.shirt
            elif n.startswith("eye"):
                col = (30, 25, 20)
            elif n in ("head", "neck03") and (v[2] > eye_z + 0.045 or (v[1] > eye_y + 0.09 and v[2] > head_z - 0.01)):
                col = c.hair
            else:
                col = c.skin
            out[i, :3] = col
        return out

    def pose(
        self,
        angles_deg: Mapping[str, float],
        flat_feet: tuple[str, ...] = (),
    ) -> Posed:
        """Pose the body (anatomical frame, pelvis at the origin).

        Parameters
        ----------
        angles_deg : Mapping of str to float
            Clinical angles (deg), names from ``tools.synth.pose.DOFS``.
        flat_feet : tuple of str
            Sides (``"left"``/``"right"``) whose foot keeps its neutral world
            orientation (flat on the floor) whatever the leg angles.

        Returns
        -------
        Posed
            Vertices, rig joints and COCO keypoints (m), not yet placed on the floor.
        """
        import torch

        override = {f"foot_{s}": np.eye(3) for s in flat_feet if s in SIDES}
        a = segment_orientations(self.segments, angles_deg, override)
        n = len(self.labels)
        delta = np.tile(np.eye(4), (n, 1, 1))
        for i, seg in enumerate(self.bone_segment):
            g = a[seg] @ self.neutral[seg]
            delta[i, :3, :3] = g @ self.rest_poses[i, :3, :3]
        delta[0, :3, 3] = self.rest_poses[0, :3, 3]
        dtype = self.model.template_vertices.dtype
        with torch.no_grad():
            out = self.model(
                pose_parameters=torch.as_tensor(delta[None], dtype=dtype),
                phenotype_kwargs=self.phenotype.as_kwargs(),
                pose_parameterization="world-orient",
            )
            kp = self.keypoint_regressor(out)[0].double().numpy()
        verts = out["vertices"][0].double().numpy()
        heads = out["bone_poses"][0, :, :3, 3].double().numpy()
        joints = {k: heads[self.labels.index(b)] for k, b in JOINT_BONES.items()}
        keypoints = dict(zip(self.keypoint_regressor.labels, kp, strict=True))
        return Posed(verts, joints, keypoints, {"segment_orientations": a})


def place(posed: Posed, rotation: np.ndarray, translation: np.ndarray) -> Posed:
    """Apply a rigid transform ``x -> R x + t`` to a posed body.

    Parameters
    ----------
    posed : Posed
        Body to move.
    rotation : np.ndarray
        (3, 3) rotation.
    translation : np.ndarray
        (3,) translation (m).

    Returns
    -------
    Posed
        The moved body.
    """

    def f(x: np.ndarray) -> np.ndarray:
        return x @ rotation.T + translation

    return Posed(
        f(posed.vertices),
        {k: f(v) for k, v in posed.joints.items()},
        {k: f(v) for k, v in posed.keypoints.items()},
        posed.extra,
    )
