"""Read and patch .cell files by the layout of the ABI spec (section 2).

Only what tests need to build deliberately broken configurations.
"""
import struct

SYSTEM_HEADER = 488
ROOT_CELL = 356
HV_MEMORY = 12
MEM_REGION = 32


class SystemConfig:
    def __init__(self, data):
        self.data = bytearray(data)
        assert self.data[:5] == b"JHSYS", "not a system configuration"

    def _u32(self, off):
        return struct.unpack_from("<I", self.data, off)[0]

    @property
    def cpu_set_size(self):
        return self._u32(ROOT_CELL + 48)

    @property
    def num_memory_regions(self):
        return self._u32(ROOT_CELL + 52)

    def region_offset(self, index):
        assert 0 <= index < self.num_memory_regions
        return SYSTEM_HEADER + self.cpu_set_size + index * MEM_REGION

    def region(self, index):
        """(phys_start, virt_start, size, flags) of root region @index."""
        return struct.unpack_from("<QQQQ", self.data, self.region_offset(index))

    def set_region(self, index, phys, size, flags=None, virt=None):
        old = self.region(index)
        struct.pack_into("<QQQQ", self.data, self.region_offset(index), phys,
                         phys if virt is None else virt, size,
                         old[3] if flags is None else flags)

    def find_region(self, phys_start):
        for i in range(self.num_memory_regions):
            if self.region(i)[0] == phys_start and self.region(i)[2]:
                return i
        raise KeyError(hex(phys_start))

    def set_hypervisor_memory(self, phys, size):
        struct.pack_into("<QQ", self.data, HV_MEMORY, phys, 0)
        struct.pack_into("<Q", self.data, HV_MEMORY + 16, size)

    def bytes(self):
        return bytes(self.data)
