"""A layout printed by the previous planner (one table per sheet, A3 for 30 names, the old header) still
loads with its own hash and reads: changing the planner changes NEW plans only.

`PRINTED_BOXES_30` is `layout_to_dict(plan_ballot(sample_spec(30, Form.BOXES)))` as planned by the
code before the paper-saving planner, as compact JSON (sorted keys), zlib-compressed, base64.
"""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from ballots.layout import BallotLayout, Form, plan_ballot
from ballots.layout_io import layout_from_dict, layout_to_dict
from ballots.reading import read_side
from ballots.synth.corpus import make_side
from tests.unit.test_layout_samples import sample_spec

PRINTED_HASH = "db9ff61e2c14"
PRINTED_BOXES_30 = (
    "eNq1nV1vJMd1hv/KYK5Hnao69bl3WjnILiwTikUtBCwIYkiOlrTImRU/7F0veJEECfKBABF8YefCgBTDdiIksBMrMELCzsUo+h/z"
    "T/JWdw85013DruraIbBLTk9Xd52q55w61W9315vhwfji5GL46M1wfH51OBs+Gn7n6Xu7+/Jjua/YcDQ8mL3aPz2ZToaPWEGj4Sez"
    "6SX2Hho1UQeCDqy1h/yQCHuejl/Pri73fzg5vziZTYeP+PVoeDg7vTqbogD3Rc/PxpcoezA+PZ1dvlPtP1x+sVLw7ljH44tjFDg6"
    "cJ98ovlEHHKJ/V+OX07Osfldf9aL48nE1+j5m/uTPX+uXcEF05w008YwSyPDC6eUsFJYy52UasSVLYyyxghjtVSW5IgEK5iUhivD"
    "uWVKmb09X7/To/0XVydHk/LYsmAjwVxh1YjwJ5plb/RcONbevCz7evhIcP/98HgyPvJ1R23R7pOqYfGVNI5Z1K6sB4mqnX1fTH4w"
    "fnb14Xh68c5jHAn2nk8O8cVzTlRwLowyTCgrpNYjXUi39jNSrlBGSquctKSYdiNZWIbjS7JccSa5RhXPZ6eoBFr1/PJ11dVo1ZMf"
    "T/Zf4kSc+2pfTl752nzzT4ubf9n5s8F7i9uf4deH/tPg2dPF7d/sDnbe/R7KvUKJVs2uR2vWmoIxKxQ5azQxwVSEtQL9iQoLLZlB"
    "j2kx4jjLmik00gYtYBy6D72MXrQwVztuGAlfZt3c2fmL8fTkYnzpkVs1mBWqZfBjGDzYXdz+7c6Twe6Txe1X7+LX0/nf7wyefLS4"
    "+WNteKuS64YLKoQBg0Y4rv0PBQxftZkXxIUSzpKTzBkacfSnU0wYrZ0oqbZoBSPxNYkSWAmTiRi6HNXwBmtzb/LhbPrifHJx0TB3"
    "vX+/eDqAgT97Oqg/PEb3/uVHg1BLvL+4+dVO2R7/Ovj42dOny2Zo1rvRDM73v7ZWO1IgwD3cChLOxLRwmnMlFZcjoQojlOJCO+XP"
    "MyJXoLnR5kY7nE4I+J9DGxOXjFdb6L4RLifnZxsbYOeJh/l7g+8ubv9rIMDv4B38IlZb1qzLumHSIcIw0tYJwh6cx3ANY4x1OKga"
    "SR9YpCqkFBz21E7s/Ro1EE5xsuWPWzHm5PJ03V31ijUfwJqbP36EPrv51Ufeaf992UP3Z103QakCQQjkaIIdiH/dJjhdOI0iHF5n"
    "1Ejxwq7VVo/gpgUOKI1WWpRmeb/kHHxaXgZnWumfi6uDH/gjrxolVoyCMb++GjweTwfvHS9ufvlycDz/Ynpc8vmL6YvBweL2nweX"
    "i9u/w7ZPj+e/G6+QuV7Vdcs1h+VGYrtAwEDlO3wTJsGLpdKSpNTcjjCYCMktrFNagTmuR4oVlmsYaMAiM9o7J4PjGpJU9++K3ZPx"
    "5cXGyPvh4vbzwem3v13cVkaiDR4NiA2++Xxx+xNsOTye/8eyc5tVaxhqCiE4gqOTTsPkhw113FulFYKMBvZWjLQsOEltqHJueBvn"
    "slCINDgc0zCTDBzQ+tGX2XqfVQc8mV5cItMIxN3VQDT/Eh14hA6+Gnw8+OH8i9ngDD17OZh/7bu6tHn+h8HxbHHz+8PBd4/nX2PD"
    "sjHwxeFxWeCnJ4PpC99qPz+pEWjac42KnUyPJq/qtONgcnrRGJ6N9bT6qOsQrTCudTuF0QjLxgBxjUwDUWqELQIxwwqyZMuD6MKf"
    "H/EEQ7MjuI4oEK8QyS0yAb9hNXD7xGbfJw+rTeZWAdndrSxsnXq9+2EMYWyySjFr44zhQhYIthaBoRpGYY0qrLSSwaE1asvMCKM6"
    "B9rSMeHp9jmQ4PhtMEL7cJZmDYaUf/S9PricfzVdct2sRcswuJRkWvsBGHldhGEWcYhJZRTKoLYYPU05uDhUGlmFQl+NEHwUPEUg"
    "W8RI4Mc1mIaORFaB9FJY1MvpJOPu+a0ta1WjYZkuSBGDZxltkTVQt2VwvoJrDH7K+UQI4WBk4JNIhxF90EiVZbxAhHCaedgYfrjv"
    "NCRsLJm+ygErc9rnXjfHItvlCMFIl4B7VEchRywM0gntIwkxZELGFJrgTODceWuE7yeuBYYUBCbrCczvp8/X+6lVCx87zsbnn+7/"
    "eDatpgZIwQprHFkEChLIQczIiua8Q/rhjCOXW8/WMYkIFBfl4FcVwbdsrz4n5kr1nOd8Wk6Gdt9HLU+OME0bDT+7Opn4disTCl9y"
    "+d/eXZP6PMH/K8Ou/2/P99L90b5fH43fHw3J6+bjoYEfPuLj5RFF64hMPHRMyeQDR11aTQ2rNx1Th4645+eULyb7mGtKUY5D5ccf"
    "+WTVVB9XZpyfnZdV93VDJ4qRqGZ+5Vk+O98/mx1dnZbTZVt+vjMWI68dlQmawFSt/K/k8UdVT46Rm0/2Md0uI5MpqMGRBM1rHPma"
    "mfKsB+PpkbetNeltwxeY9HJWH+TOQ5FQGwWfAeZ+1qiW8/gSriNMmlaqKphNqep0fObdb+fF1evF7V9PB7vHi9t/GMz/AqP9Ljbd"
    "/K/P/PxO9eGtxoSakMfD+0x1dD/2OIfaE4IhR+2k8RNO0s7UEytdznMVptRlyJZVolUe9T6fnF6dHfhO5cs/9x9sgeU+Za0QfnwK"
    "hPhVmowTop4+8UdW6wyCECaoYIwwGmJMqqvlLwtYn/cqqqb5PimqD9us1n4dg3gxvNvkB/fWeYdIpk4+nZQhyDeXbDVXCwGkwRgi"
    "SVcJe937lyeHn264cgIWDVs7QnV9Q/nLHhiVmwFv4+44zWu0rWlUyDt0B/yuD/yuF/wuE37XDb+fq/weA8uzb/5qOvj2N+XA+SDy"
    "6DEwA46RJEgk7W5EHMhzxE9MRsu5ogFvGFNgFZLKEg2lNjMvAsy7ZOZRLWQjSFq5YtyQpiDzXPLqYkX5I3Q39CIbepcNvUuD3nVA"
    "73pAz1kf6jFR6YM9Z5ncP1jbGvxdZIk+4t/88hK/4sI99+mkI2SMgKqKrCQL/wG1rS+cgA/ktcuLYiQ2g08B8EOmd5DvKxWBvmDo"
    "Vkw1600R8Z6y0Q/0fyr7nKXB/8D+Ff1+h3T8eS/8eT/8eS7+vBv/98qrFLuLm//0v7wv7Cxuf1OnQB8cf/vbb7/0X8A/fjHrdAuf"
    "SGphHWIqJoaeQLPWzbLANBZzOn+FvYy9m51ChpyCpzsF304OJPN9guf7BE/0Cd7lE7yPT4hePiH6+YRoICBTfUIkTATKZChyCsAx"
    "d2IGFHGltcVcz3gRQJAw0pArsfIBWVl8xES90lseyodUyAMC5nd5gGh4wIaECD0D/6q3dDuAyncAke8AItEBRJcDiD4OQA2kKMoB"
    "qGE+xTkA5TrAQ7Vd5kTni5tfJ+JPPiXirL6E62MzDEQFlSynA1VGJO2dyvDQ9FeH0Kd09KmREb2lhEjns9/u/GT2qcEydbC/ef+a"
    "fWqwTzHsy17sy37sy1z2ZTf778+/SgNftuYCCCJWKxBO0paRP2U2YELsy3T25XYSH5PPvsxnXyayL7vYl33YV73YV/3YV7nsq272"
    "P0Ca/+VZGv4qNBW2ShsE1VK0SYHfhuBX6fCr7QR+mw+/yodfJcKvuuBXfeDXveDX/eDXufDrbvifzOZfLC+AxsKv2/CDPImsx+Bs"
    "5Rw3BX8Xwl+n46+3g7/Lx1/n468T8ddd+Os++Jte+Jt++Jtc/E0E/leL299Nj9P4N2+Xf85CDmC6HEC327npALrwN30wpVyVkVEv"
    "B0DPrHtA68zdHmDyPcAkeoDp8gDTxwNsLw+w/TzA5nqAjcl+xolzXtvGnwq5dhNhEv4h2Tdkehf+beE3xH+68Mvz8bf5+NtE/G0X"
    "/rYP/q4X/q4f/i4Xf9eN/7P/+7c0+l174msLkO+sWN4trJPwDynAIdO78Hcx0T9dAuYiH3+Xj79LxN914e964C84FVHX+at7xWIg"
    "BzL+Dl0mycnqJvo0xptVWmI9/+8krAVXhSADLrSyVoESjzVZ6+6vXqZhHdJ3A8Z2UO3rhUk1IjbCdnmd/m0lNZSNddXJqSQLDgM6"
    "rtg39qmIFf5xnRhIRSykIhpSkQmpCEK6dvdNLKiiBSpJhDVT155Ss4+Q5Bqwt4tT/yAHkb/vmtXVejvJh8zHVPTCVERgKkKYikhM"
    "KRZTisaUMjGlIKaP5/9zksYotYOpKxCXMEUUtQ5kkyANqaIBa7sgpShIk1VRrvIhpV6QUgSkFIKUIiGVsZDKaEhlJqRyUyy9/Wka"
    "pVIVyBVXauuH/NVHoqohP1675yEFM2BvF6ZyW2O+zudU9uJURnAqQ5zKSE5VLKcqmlOVyakKcvpkcfuTNEyVD6YKcVIzrvxNhqBU"
    "Gy2ssjWUlKKy85DUGDC2C1LViKX6LQ34Jp9R1YtRFcGoCjGqIhnVsYzqaEZ1JqM6yOjOi/nXaYzqxoBP/rZwkhjayVYPPCXOnkKS"
    "YMDaLkj1tiKpzadU96JUR1CqQ5TqSEpNLKUmmlKTSakJUvqd+i7VJFBNG1TsxJaPO/LqiZ14TkPaXcDeLk7Ntjh1+ZyaXpyaCE5N"
    "iFMTyamN5dRGc2ozObVBTt+f/yGNUdti1N/AqAEIW9KQwqgIyWsBW7sYtVtiVOTLa1UfJzNqIxi1IUZtJKMullEXzajLZNQFGV19"
    "HCaJVddiVfJCE1NEtgqn5bsm4mENiWEBo7tgdVGw9nggLF8Mqzo7GVYXAasLweriYCUWCSuxWFiJ5cHarFIN659fzb88TLtlAUAG"
    "xn0lELLvXnWVhGlItAqY24Gpr9Z2MM0XrapuTsWUWDemjX0qTIlFYhorQVG0BEWZEhTxDbOotQfLY0nljatSIzKFYlLbnhelREiI"
    "omQhirYlRIl8IYp6CVEUIURRSIiiSCGKYoUoihaiKFOIorAQVT/5kQaqaF6XIubf5SXtHZYy5bqUCAlRlCxE+WptJ6TmK1HUS4mi"
    "CCWKQkoURSpRFKtEUbQSRZlKFNGGqdRXiZBSey6FfvNnqyqWemFKhJQoSlaifL22E03zpSjqJUVRhBRFISmKIqUoipWiKFqKokwp"
    "isJSVP08RRqosp2gIkphpilMrytTIqRFUbIWRdvSokS+FkW9tCiK0KIopEVRpBZFsVoURWtRlKlF0QYtqnr2IQ1U1QZVFg51cuVb"
    "NZMe/BEhLYqStShfp+2M+fliFPUSoyhCjKKQGEWRYhTFilEULUZRphhFYTFq+YRCGqX6bVIaEqMoWYyibYlRIl+Mol5iFEWIURQS"
    "oyhSjKJYMYqixSjKFKPIbBjzx6nzJxPSTDHNd3YpmSampiEtipK1KNqWFiXytSjqpUVRhBZFIS2KIrUoitWiKFqLokwtisJalL/b"
    "P41SG5pA+fddCaHq97onXTmlkBpFyWoUbUuNonw1inqpURShRlFIjaJSjfLv77w6rd79ihDl3/29vuSEfxf66mt3ZPny+1UIWSH8"
    "edulYU9GaZdV2r9ELKc4zysu8opTozilFZd5xVVecZ1X3OQVt3nFXVZxwbKKt93N7woceFUCMcMIuxozukr4Ny4bJVeDQVcRxNPk"
    "IsA9sUig7TiKmDRH6VVG9ChDPcrIHmVUjzK6RxnTo4ztUcall8GYmF6mBwfUgwPqwQH14IB6cEA9OKAeHFAPDsj19+0qbli2KQSG"
    "9wsEvvCOgXC3Ycd2kAvtuOcTvfHZy/3x+WRc5v31W+XJ/0G6flv7xcvJoV+ybHI6qRYSeTT8U1OvJOYXGJu9mlwM29kwPvpUrePt"
    "46HXM294c23iGz03veww/A64wNuxwi8NCr9NZcNLJkJP3gceRw48yrnhwbnQg0rB50JCN+GHbnrecItp4I6+B26gCt+usvHugA1a"
    "bEj62iA0bLisu+lCWvDSRXuiuHe39sD06vTUrxZwNT3an87K19ZXSwaVkzs/jyoX8VtZ16JEvVoXprmeytoSJK3Vc/xZl2uF7a88"
    "NZm3NNjquj+1NWtrsKWstrayVl3MqnRlQy13Dy6l9Kbc5bq5nlK5uOB+uSqQF+wXtz8fvClXC7r+kzeH6IrLa79TvWJV/7WpyjXJ"
    "Hlx9rFroK7ik1/X19f8Dv2OQXA=="
)


@pytest.fixture(scope="module")
def printed() -> BallotLayout:
    return layout_from_dict(json.loads(zlib.decompress(base64.b64decode(PRINTED_BOXES_30))))


def test_the_printed_layout_loads_with_its_own_hash_and_geometry(printed: BallotLayout) -> None:
    assert printed.layout_hash == PRINTED_HASH
    assert (printed.paper, printed.sheet_count, printed.columns, printed.landscape) == ("A3", 1, 1, False)
    assert printed.spec == sample_spec(30, Form.BOXES)
    assert layout_from_dict(json.loads(json.dumps(layout_to_dict(printed)))) == printed


def test_the_planner_now_plans_the_same_ballot_differently(printed: BallotLayout) -> None:
    replanned = plan_ballot(printed.spec)
    assert replanned.layout_hash != printed.layout_hash
    assert replanned.rows[0].band.y < printed.rows[0].band.y  # the header takes less of the page now


def test_a_marked_sheet_of_the_printed_layout_reads_with_it(printed: BallotLayout) -> None:
    marks = {n: ("x_agree" if n % 3 else "x_disagree") for n in range(1, 31) if n % 5}
    side = make_side(printed, 1, marks, dpi=150, preset="scan", seed=5)
    reading = read_side(side.image, {printed.layout_hash: printed})
    assert reading.status == "read" and reading.layout_hash == PRINTED_HASH
    assert {m.number: str(m.decision) for m in reading.marks} == dict(side.truth)
