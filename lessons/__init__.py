"""lessons: the mathematics of Hung-yi Lee's "Why Deep Learning?" lecture.

One module per idea of the lecture; every public name is re-exported here, so
a chapter needs only ``import lessons``.

>>> import lessons
>>> lessons.relu(-1.0), lessons.relu(2.0)
(0.0, 2.0)
"""

from . import (
    activations,
    bounds,
    circuits,
    experiments,
    folding,
    hidden_layer,
    network,
    pieces,
    sawtooth,
    speech,
    square,
    style,
    training,
)
from .activations import *  # noqa: F401,F403
from .bounds import *  # noqa: F401,F403
from .circuits import *  # noqa: F401,F403
from .experiments import *  # noqa: F401,F403
from .folding import *  # noqa: F401,F403
from .hidden_layer import *  # noqa: F401,F403
from .network import *  # noqa: F401,F403
from .pieces import *  # noqa: F401,F403
from .sawtooth import *  # noqa: F401,F403
from .speech import *  # noqa: F401,F403
from .square import *  # noqa: F401,F403
from .style import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403

__version__ = "0.1.0"

__all__ = sorted(
    {
        *activations.__all__,
        *bounds.__all__,
        *circuits.__all__,
        *experiments.__all__,
        *folding.__all__,
        *hidden_layer.__all__,
        *network.__all__,
        *pieces.__all__,
        *sawtooth.__all__,
        *speech.__all__,
        *square.__all__,
        *style.__all__,
        *training.__all__,
    }
)
