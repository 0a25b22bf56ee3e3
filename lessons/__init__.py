"""lessons: the mathematics of Hung-yi Lee's "Why Deep Learning?" lecture.

One module per idea of the lecture; every public name is re-exported here, so
a chapter needs only ``import lessons``.

>>> import lessons
>>> lessons.relu(-1.0), lessons.relu(2.0)
(0.0, 2.0)
"""

from . import activations as _activations
from . import bounds as _bounds
from . import circuits as _circuits
from . import experiments as _experiments
from . import folding as _folding
from . import hidden_layer as _hidden_layer
from . import network as _network
from . import pieces as _pieces
from . import plane as _plane
from . import regions as _regions
from . import protocol as _protocol
from . import sawtooth as _sawtooth
from . import speech as _speech
from . import square as _square
from . import style as _style
from . import training as _training
from .activations import *  # noqa: F401,F403
from .bounds import *  # noqa: F401,F403
from .circuits import *  # noqa: F401,F403
from .experiments import *  # noqa: F401,F403
from .folding import *  # noqa: F401,F403
from .hidden_layer import *  # noqa: F401,F403
from .network import *  # noqa: F401,F403
from .pieces import *  # noqa: F401,F403
from .plane import *  # noqa: F401,F403
from .regions import *  # noqa: F401,F403
from .protocol import *  # noqa: F401,F403
from .sawtooth import *  # noqa: F401,F403
from .speech import *  # noqa: F401,F403
from .square import *  # noqa: F401,F403
from .style import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403

__version__ = "0.1.0"

# Modules and functions may share a name (lessons.sawtooth is the function).
__all__ = sorted({name for module in (
    _activations,
    _bounds,
    _circuits,
    _experiments,
    _folding,
    _hidden_layer,
    _network,
    _pieces,
    _plane,
    _regions,
    _protocol,
    _sawtooth,
    _speech,
    _square,
    _style,
    _training,
) for name in module.__all__})
