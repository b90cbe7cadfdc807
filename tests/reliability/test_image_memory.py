"""Peak memory of verifying and re-encoding one uploaded image stays under ~100 MB, whatever
the image (measured in a fresh process: its peak resident memory before and after)."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from portal.images import MAX_JPEG_PIXELS, MAX_PIXELS, TooManyPixels, reencode_as_jpeg

pytestmark = pytest.mark.slow  # a subprocess per measurement

ROOT = Path(__file__).resolve().parents[2]
LIMIT_MB = 100
MEASURE = """
import resource, sys
sys.path.insert(0, sys.argv[2])
from portal.images import reencode_as_jpeg
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
reencode_as_jpeg(data, formats={"PNG", "JPEG", "GIF", "WEBP"}, size=(512, 512))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) / 1024)
"""


def encoded(fmt: str, width: int, height: int) -> bytes:
    out = io.BytesIO()
    image = Image.new("P" if fmt == "GIF" else "RGB", (width, height))
    image.save(out, format=fmt)
    return out.getvalue()


def peak_mb(tmp_path, data: bytes) -> float:
    path = tmp_path / "upload"
    path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(ROOT)], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


@pytest.mark.parametrize(
    ("fmt", "pixels"),
    [("PNG", MAX_PIXELS), ("GIF", MAX_PIXELS), ("JPEG", MAX_JPEG_PIXELS)],
    ids=["largest-png", "largest-gif", "largest-jpeg"],
)
def test_the_largest_accepted_image_costs_under_100_mb(tmp_path, fmt, pixels):
    side = int(pixels**0.5) - 1
    assert peak_mb(tmp_path, encoded(fmt, side, side)) < LIMIT_MB


def test_a_small_file_with_huge_dimensions_is_refused_before_decoding():
    # 6300 x 6300: a 30 KB GIF that took a worker from 323 MB to 593 MB.
    with pytest.raises(TooManyPixels):
        reencode_as_jpeg(encoded("GIF", 6300, 6300), formats={"GIF"}, size=(64, 64))
